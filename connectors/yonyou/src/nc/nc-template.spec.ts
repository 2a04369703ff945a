import { carriesIdempotencyKey, malformedPlaceholder, placeholders, renderArgs, renderTemplate } from './nc-template';

describe('nc argument templates', () => {
  const vars = { json: '{"a":1}', name: '张"三', tags: ['2026年11月取消面试', '原因:时间冲突'], missing: undefined, round: 2 };

  it('writes values as text, arrays comma-joined, absent values empty', () => {
    expect(renderTemplate('{{json}}', vars)).toBe('{"a":1}');
    expect(renderTemplate('name={{ name }};tags={{tags}};x={{missing}};r={{round}}', vars)).toBe('name=张"三;tags=2026年11月取消面试,原因:时间冲突;x=;r=2');
  });

  it('writes |json values as JSON literals, so a template can build the JSON an existing interface expects', () => {
    const out = renderTemplate('{"psn":{{name|json}},"tags":{{ tags | json }},"x":{{missing|json}},"r":{{round|json}}}', vars);
    expect(JSON.parse(out)).toEqual({ psn: '张"三', tags: ['2026年11月取消面试', '原因:时间冲突'], x: null, r: 2 });
  });

  it('lists placeholders and finds malformed ones', () => {
    expect(placeholders('{{a}} {{b.c|json}}')).toEqual([
      { name: 'a', json: false },
      { name: 'b.c', json: true },
    ]);
    expect(malformedPlaceholder('{{a}} and {{ json }')).toBe('{{ json }');
    expect(malformedPlaceholder('{{a|xml}}')).toBe('{{a|xml}}');
    expect(malformedPlaceholder('{"a":{"b":1}}')).toBeUndefined();
  });

  it('knows whether the idempotency key is passed', () => {
    expect(carriesIdempotencyKey({ arg0: '{{json}}', arg1: '{{ idempotencyKey }}' })).toBe(true);
    expect(carriesIdempotencyKey({ arg0: '{"busi_id":{{idempotencyKey|json}}}' })).toBe(true);
    expect(carriesIdempotencyKey({ arg0: '{{json}}', arg1: 'idempotencyKey' })).toBe(false);
    expect(renderArgs({ arg0: '{{json}}', arg1: '{{idempotencyKey}}' }, { json: '{}', idempotencyKey: 'k1' })).toEqual({ arg0: '{}', arg1: 'k1' });
  });
});
