import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandboxApp, type SandboxApp } from '../sandbox.app';

const CORP = 'corp-failed';
const AES_KEY = 'RZliJDCeAgWmaSpOdhlKfn5GrgWXH9dhq1qRTZUFRyI';

/** The failed-push list: pushes no attempt delivered, read (and taken) through the legacy oapi call. */
describe('DingTalk sandbox: failed-push list', () => {
  let sandbox: SandboxApp;
  let closedUrl: string;

  async function call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json();
  }

  const token = async (): Promise<string> => (await call('GET', '/gettoken?appkey=key-failed&appsecret=secret-failed')).access_token;

  beforeAll(async () => {
    // A port that was just free: nothing listens there, so every push is refused, as with a hub that is down.
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/webhooks/t/dingtalk`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    sandbox = await createSandboxApp({
      port: 0,
      seed: {
        dingtalk: {
          apps: [{ corpId: CORP, appKey: 'key-failed', appSecret: 'secret-failed', agentId: '1', callback: { url: closedUrl, token: 'tok', aesKey: AES_KEY, ownerKey: CORP } }],
        },
      },
    });
  });

  afterAll(() => sandbox.close());
  beforeEach(() => call('POST', '/_sandbox/reset'));

  it('lists an event no attempt delivered, in the doc layout, once, and takes it when read', async () => {
    const pushed = await call('POST', '/_sandbox/dingtalk/push', { corpId: CORP, pushCount: 2 });
    expect(pushed.pushes.map((p: { replyValid: boolean }) => p.replyValid)).toEqual([false, false]);
    const item = {
      call_back_tag: 'ats_job_deliver_change',
      event_time: pushed.event.EventTime,
      ats_job_deliver_change: { corpid: CORP, callbackData: JSON.stringify(pushed.event) },
    };
    expect(await call('GET', '/_sandbox/dingtalk/failed-pushes')).toEqual({ 'key-failed': [item] });

    const access = await token();
    expect(await call('GET', `/call_back/get_call_back_failed_result?access_token=${access}`)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      failed_list: [item],
      has_more: false,
      request_id: expect.any(String),
    });
    expect(await call('GET', `/call_back/get_call_back_failed_result?access_token=${access}`)).toMatchObject({ errcode: 0, failed_list: [], has_more: false });
  });

  it('answers at most 200 items with has_more, oldest first', async () => {
    for (let i = 0; i < 201; i++) await call('POST', '/_sandbox/dingtalk/push', { corpId: CORP, event: { eventId: `e-${i}` } });
    const access = await token();
    const first = await call('GET', `/call_back/get_call_back_failed_result?access_token=${access}`);
    expect([first.failed_list.length, first.has_more]).toEqual([200, true]);
    expect(JSON.parse(first.failed_list[0].ats_job_deliver_change.callbackData).eventId).toBe('e-0');
    const second = await call('GET', `/call_back/get_call_back_failed_result?access_token=${access}`);
    expect([second.failed_list.length, second.has_more, JSON.parse(second.failed_list[0].ats_job_deliver_change.callbackData).eventId]).toEqual([1, false, 'e-200']);
  });

  it('lists nothing for a push that was not made (pushCount 0)', async () => {
    await call('POST', '/_sandbox/dingtalk/push', { corpId: CORP, pushCount: 0 });
    expect(await call('GET', '/_sandbox/dingtalk/failed-pushes')).toEqual({});
  });

  it('answers the legacy error envelope for a missing or bad token', async () => {
    expect(await call('GET', '/call_back/get_call_back_failed_result')).toMatchObject({ errcode: 88, sub_code: '40000' });
    expect(await call('GET', '/call_back/get_call_back_failed_result?access_token=nope')).toMatchObject({ errcode: 88, sub_code: '40014' });
  });
});
