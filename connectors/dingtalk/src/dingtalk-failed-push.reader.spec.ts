import { DingTalkConnector } from './dingtalk.connector';
import { DingTalkApiClient } from './dingtalk-api.client';
import { FAILED_PUSH_PATH, FakeDingTalkServer, tokenRoute, type FakeAnswer } from './dingtalk-fake.server';
import { readFailedPushes } from './dingtalk-failed-push.reader';
import { connectorFailure, fakeServerConnection } from './dingtalk-test.fixtures';

const push = (id: string) => JSON.stringify({ EventType: 'ats_job_deliver_change', CorpId: 'ding-corp', BizId: `b-${id}`, eventId: id });
const item = (id: string) => ({ call_back_tag: 'ats_job_deliver_change', event_time: 1, ats_job_deliver_change: { corpid: 'ding-corp', callbackData: push(id) } });
const page = (ids: string[], hasMore: boolean): FakeAnswer => ({ body: { errcode: 0, errmsg: 'ok', failed_list: ids.map(item), has_more: hasMore } });
const NO_PACE = async () => undefined;

describe('readFailedPushes', () => {
  let server: FakeDingTalkServer;
  let answers: FakeAnswer[];

  beforeEach(async () => {
    answers = [];
    server = await new FakeDingTalkServer().start();
    server.route(tokenRoute('tok-1')).route((r) => (r.path === FAILED_PUSH_PATH ? answers.shift() : undefined));
  });

  afterEach(() => server.stop());

  it('reads every page with GET ?access_token= until has_more is false, de-duplicated, in list order', async () => {
    answers = [page(['e-1', 'e-2'], true), page(['e-2', 'e-3'], false)];
    const events = await readFailedPushes(new DingTalkApiClient(), fakeServerConnection(server), NO_PACE, 50);
    expect(events.map((e) => [e.externalEventId, e.kind])).toEqual([
      ['e-1', 'ats_job_deliver_change'],
      ['e-2', 'ats_job_deliver_change'],
      ['e-3', 'ats_job_deliver_change'],
    ]);
    expect(server.calls(FAILED_PUSH_PATH).map((r) => [r.method, r.query])).toEqual([
      ['GET', { access_token: 'tok-1' }],
      ['GET', { access_token: 'tok-1' }],
    ]);
  });

  it('stops at a page that brings nothing new (a list that is not emptied by reading) and after maxPages', async () => {
    answers = [page(['e-1'], true), page(['e-1'], true), page(['e-1'], true)];
    expect(await readFailedPushes(new DingTalkApiClient(), fakeServerConnection(server), NO_PACE, 50)).toHaveLength(1);
    expect(server.calls(FAILED_PUSH_PATH)).toHaveLength(2);
    answers = [page(['e-4'], true), page(['e-5'], true), page(['e-6'], true)];
    expect((await readFailedPushes(new DingTalkApiClient(), fakeServerConnection(server), NO_PACE, 2)).map((e) => e.externalEventId)).toEqual(['e-4', 'e-5']);
  });

  it('fails on a first-page error (nothing taken), but keeps the pages already taken when a later one fails', async () => {
    answers = [{ body: { errcode: 60011, errmsg: '没有调用该接口的权限' } }];
    expect((await connectorFailure(readFailedPushes(new DingTalkApiClient(), fakeServerConnection(server), NO_PACE, 50))).kind).toBe('PERMANENT');
    answers = [page(['e-1'], true), { body: { errcode: -1, errmsg: '系统繁忙' } }];
    expect((await readFailedPushes(new DingTalkApiClient(), fakeServerConnection(server), NO_PACE, 50)).map((e) => e.externalEventId)).toEqual(['e-1']);
  });

  it('is read by a sweep after everything else, not by other scopes, and not when switched off or in stream mode', async () => {
    const connector = new DingTalkConnector({ now: () => 1_714_700_000_000 });
    const sweep = { subjects: [], scope: 'sweep' as const, now: new Date(1_714_700_000_000) };
    answers = [page(['e-7'], false)];
    const swept = await connector.poll(fakeServerConnection(server), sweep);
    expect(swept.events).toEqual([{ externalEventId: 'e-7', kind: 'ats_job_deliver_change', mode: 'poll', payload: push('e-7') }]);
    for (const [settings, scope] of [
      [{}, 'changes'],
      [{}, 'subjects'],
      [{ failedPushRecovery: false }, 'sweep'],
      [{ inbound: 'stream' }, 'sweep'],
    ] as const) {
      answers = [page(['e-8'], false)];
      const result = await connector.poll(fakeServerConnection(server, {}, settings), { ...sweep, scope });
      expect(result.events).toEqual([]);
    }
    expect(server.calls(FAILED_PUSH_PATH)).toHaveLength(1);
  });
});
