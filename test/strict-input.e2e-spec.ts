import { request as httpRequest } from 'node:http';
import { call, HubHarness } from './support/hub-harness';

const KEY = 'demo-api-key-0000000001';

/** Sends exactly these bytes (no client-side JSON handling), optionally without content-length (chunked). */
function raw(url: string, method: string, body: string | Buffer, headers: Record<string, string> = {}, chunked = false): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* keep the text */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const ERROR_SHAPE = { error: expect.any(String), message: expect.any(String), details: expect.any(Object) };

/** Acceptance (issue 6, strict input): every bad /v1 request is a clear 4xx in one error shape, never a 5xx. */
describe('strict input', () => {
  let h: HubHarness;
  const valid = {
    interview: { connectionId: 'dingtalk-main', externalId: 'iv-demo-1001' },
    candidate: { externalId: 'cand-demo-1', name: '王芳' },
    reason: { code: 'candidate_withdrew', text: '时间冲突' },
    initiatedBy: { type: 'recruiter', id: 'hr-1' },
  };

  beforeAll(async () => {
    h = await HubHarness.start({ schedules: false });
  });

  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['an empty object', '{}', /interview/],
    ['null', 'null', /interview/],
    ['an array', '[]', /JSON object|interview/],
    ['a missing interview', JSON.stringify({ ...valid, interview: undefined }), /interview/],
    ['a missing candidate', JSON.stringify({ ...valid, candidate: undefined }), /candidate/],
    ['a missing reason', JSON.stringify({ ...valid, reason: undefined }), /reason/],
    ['a missing initiatedBy', JSON.stringify({ ...valid, initiatedBy: undefined }), /initiatedBy/],
    ['an unknown field', JSON.stringify({ ...valid, admin: true }), /admin/],
  ])('POST /v1/cancellations with %s: 400 naming the field', async (_name, body, field) => {
    const res = await raw(`${h.hub.url}/v1/cancellations`, 'POST', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(ERROR_SHAPE);
    expect(res.body.message).toMatch(field);
  });

  it('lists every field at fault in details.fields', async () => {
    const res = await raw(`${h.hub.url}/v1/cancellations`, 'POST', '{}');
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['interview', 'candidate', 'reason', 'initiatedBy']));
  });

  const deep = '['.repeat(2000) + ']'.repeat(2000);
  it.each([
    ['POST', '/v1/cancellations'],
    ['POST', '/v1/cancellations/c-1/replay'],
    ['PUT', '/v1/candidates/c-1/links'],
    ['POST', '/v1/subscriptions'],
  ])('%s %s with JSON nested 2,000 levels deep: 400', async (method, path) => {
    const res = await raw(`${h.hub.url}${path}`, method, deep);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(ERROR_SHAPE);
    expect(res.body.message).toMatch(/nested deeper than 32 levels/);
  });

  it.each([
    ['__proto__', '{"__proto__":{"isAdmin":true},"interview":{}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"isAdmin":true}}}'],
  ])('refuses a body with a %s key', async (_name, body) => {
    const res = await raw(`${h.hub.url}/v1/cancellations`, 'POST', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/forbidden key/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses an array longer than the bound, naming it', async () => {
    const res = await raw(`${h.hub.url}/v1/candidates/c-1/links`, 'PUT', JSON.stringify({ links: Array.from({ length: 1001 }, () => ({})) }));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('links has more than 1000 elements');
  });

  it('refuses a /v1 body over its limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ ...valid, pad: 'x'.repeat(70_000) });
    for (const chunked of [false, true]) {
      const res = await raw(`${h.hub.url}/v1/cancellations`, 'POST', big, {}, chunked);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ error: 'payload_too_large', message: expect.stringMatching(/limit of 65536 bytes/) });
    }
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await raw(`${h.hub.url}/v1/cancellations`, 'POST', 'interview=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ ...ERROR_SHAPE, error: 'unsupported_media_type' });
  });

  it.each([
    ['DELETE', '/v1/cancellations', ['GET', 'POST']],
    ['PATCH', '/v1/subscriptions/sub_1', ['DELETE']],
    ['POST', '/health', ['GET']],
  ])('answers %s %s with 405 and Allow', async (method, path, allowed) => {
    const res = await call<any>(`${h.hub.url}${path}`, method, undefined, { authorization: `Bearer ${KEY}` });
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({ error: 'method_not_allowed', details: { allowed: expect.arrayContaining(allowed) } });
  });

  it('answers an unknown path with 404 and the same shape', async () => {
    const res = await call<any>(`${h.hub.url}/v1/nothing-here`, 'GET', undefined, { authorization: `Bearer ${KEY}` });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ...ERROR_SHAPE, error: 'not_found' });
  });

  it('answers a missing or unknown key with 401 in the same shape', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope-nope-nope' }] as Record<string, string>[]) {
      const res = await call<any>(`${h.hub.url}/v1/cancellations`, 'GET', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ ...ERROR_SHAPE, error: 'unauthorized' });
    }
  });

  it('still accepts a valid request', async () => {
    const res = await h.api('POST', '/v1/cancellations', valid);
    expect(res.status).toBe(202);
  });
});
