import { parseDingTalkEvent } from './dingtalk-event.mapper';
import { resolveSettings } from './dingtalk-settings';
import { streamFrameEvent } from './dingtalk-stream';

const frame = (headers: Record<string, string>, data: string) => ({
  headers: { appId: 'app', connectionId: 'c-1', contentType: 'application/json', messageId: 'm-1', time: '1', topic: '*', ...headers },
  data,
});

describe('streamFrameEvent', () => {
  it('shapes a Stream event like the decrypted HTTP callback, with the same dedup key (eventId)', () => {
    const ev = streamFrameEvent(frame({ eventType: 'ats_job_deliver_change', eventId: 'ev-9', eventCorpId: 'ding-corp', eventBornTime: '1764500000000' }, '{"BizId":"flow-1","candidateId":"cand-7"}'));
    expect(ev).toEqual({ externalEventId: 'ev-9', kind: 'ats_job_deliver_change', mode: 'stream', payload: expect.any(String) });
    expect(JSON.parse(ev.payload)).toEqual({ EventType: 'ats_job_deliver_change', EventTime: 1764500000000, CorpId: 'ding-corp', eventId: 'ev-9', BizId: 'flow-1', candidateId: 'cand-7' });
  });

  it('becomes the same poll hint an HTTP push of it would', () => {
    const ev = streamFrameEvent(frame({ eventType: 'ats_job_deliver_change', eventId: 'ev-9' }, '{"candidateId":"cand-7"}'));
    expect(parseDingTalkEvent(ev, resolveSettings({ settings: {} }))).toEqual([{ kind: 'pollHint', subjects: ['cand-7'] }]);
  });

  it('keeps data that is not a JSON object, and falls back to the message id without an eventId', () => {
    const ev = streamFrameEvent(frame({ eventType: 'ats_job_deliver_change' }, 'not json'));
    expect(ev.externalEventId).toBe('message:m-1');
    expect(JSON.parse(ev.payload)).toMatchObject({ EventType: 'ats_job_deliver_change', data: 'not json' });
  });
});
