import { exceedsDepth, JsonBodyError, parseJsonBody } from './json-body';

describe('parseJsonBody', () => {
  const bounds = { maxDepth: 4, maxArrayLength: 3 };

  it('parses a body within the bounds', () => {
    expect(parseJsonBody('{"a":{"b":[1,2,3]},"s":"[[[[[[["}', bounds)).toEqual({ a: { b: [1, 2, 3] }, s: '[[[[[[[' });
  });

  it('refuses nesting deeper than the bound without parsing it (2,000 levels)', () => {
    const deep = '['.repeat(2000) + ']'.repeat(2000);
    expect(() => parseJsonBody(deep, bounds)).toThrow(new JsonBodyError('request body is nested deeper than 4 levels'));
    expect(exceedsDepth('{"a":{"b":{"c":{"d":1}}}}', 4)).toBe(false);
    expect(exceedsDepth('{"a":{"b":{"c":{"d":{}}}}}', 4)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsDepth('{"a":"\\"[[[[[[[[[[\\""}', 2)).toBe(false);
  });

  it('refuses prototype-poisoning keys instead of dropping them', () => {
    expect(() => parseJsonBody('{"__proto__":{"admin":true}}', bounds)).toThrow(/forbidden key/);
    expect(() => parseJsonBody('{"a":{"constructor":{"prototype":{"x":1}}}}', bounds)).toThrow(/forbidden key/);
  });

  it('names the array that is too long', () => {
    expect(() => parseJsonBody('{"a":{"list":[1,2,3,4]}}', bounds)).toThrow('a.list has more than 3 elements');
    expect(() => parseJsonBody('[[1],[1,2,3,4]]', bounds)).toThrow('[1] has more than 3 elements');
  });

  it('says what is wrong with malformed JSON', () => {
    expect(() => parseJsonBody('{"a":', bounds)).toThrow(/not valid JSON/);
  });
});
