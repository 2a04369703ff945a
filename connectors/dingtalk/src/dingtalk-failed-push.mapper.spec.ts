import { createHash } from 'node:crypto';
import { failedPushEvent } from './dingtalk-failed-push.mapper';
import { pushEventId } from './dingtalk-webhook.verifier';

const PUSH = '{"EventType":"ats_job_deliver_change","EventTime":1714701600000,"CorpId":"ding-corp","BizId":"17147016000012","eventId":"e-1"}';

describe('failedPushEvent', () => {
  it('reads the doc layout (data under the tag as callbackData) and keys it like the push', () => {
    const item = { call_back_tag: 'ats_job_deliver_change', event_time: 1714701600000, ats_job_deliver_change: { corpid: 'ding-corp', callbackData: PUSH } };
    expect(failedPushEvent(item)).toEqual({ externalEventId: 'e-1', kind: 'ats_job_deliver_change', mode: 'poll', payload: PUSH });
    expect(failedPushEvent(item).externalEventId).toBe(pushEventId(JSON.parse(PUSH), PUSH));
  });

  it('reads callbackData on the item itself (a public caller) and callBackData (v1.0 model naming)', () => {
    expect(failedPushEvent({ call_back_tag: 'ats_job_deliver_change', corpid: 'ding-corp', callbackData: PUSH }).externalEventId).toBe('e-1');
    expect(failedPushEvent({ callBackTag: 'ats_job_deliver_change', corpId: 'ding-corp', callBackData: PUSH })).toMatchObject({ externalEventId: 'e-1', kind: 'ats_job_deliver_change' });
  });

  it('takes an object as the event, BizId when there is no eventId, and a hash of the exact text otherwise', () => {
    const noEventId = { EventType: 'ats_job_deliver_change', BizId: 'b-9' };
    expect(failedPushEvent({ call_back_tag: 'ats_job_deliver_change', ats_job_deliver_change: { callbackData: noEventId } })).toEqual({
      externalEventId: 'b-9',
      kind: 'ats_job_deliver_change',
      mode: 'poll',
      payload: JSON.stringify(noEventId),
    });
    const bare = '{"EventType":"ats_config_change"}';
    expect(failedPushEvent({ call_back_tag: 'ats_config_change', ats_config_change: { callbackData: bare } }).externalEventId).toBe(
      `sha256:${createHash('sha256').update(bare, 'utf8').digest('hex')}`,
    );
  });

  it('keeps legacy items whose data is the tag value itself, with the tag as kind', () => {
    const item = { call_back_tag: 'user_add_org', event_time: 1606126433000, user_add_org: { userid: ['zhangsan'], corpid: 'ding-corp' } };
    expect(failedPushEvent(item)).toMatchObject({ kind: 'user_add_org', payload: JSON.stringify(item.user_add_org) });
    expect(failedPushEvent({ call_back_tag: 'user_modify_org', user_modify_org: '{corpid=ding-corp}' })).toMatchObject({ kind: 'user_modify_org', payload: '{corpid=ding-corp}' });
  });

  it('stores an item without any event data whole', () => {
    const item = { call_back_tag: 'org_remove', event_time: 1 };
    expect(failedPushEvent(item)).toMatchObject({ kind: 'org_remove', payload: JSON.stringify(item), externalEventId: expect.stringMatching(/^sha256:/) });
  });
});
