import { ConnectorError, type Connection } from '@hub/connector-sdk';
import type { CancellationEvent } from '@hub/schema';
import type { FakeDingTalkServer } from './dingtalk-fake.server';

/** A canonical cancellation that arrived from another system and targets connection `dt` (specs only). */
export function sampleCancellation(overrides: Partial<CancellationEvent> = {}): CancellationEvent {
  return {
    schemaVersion: 1,
    id: '01HZX0000000000000000000AA',
    tenantId: 't1',
    source: { system: 'beisen', connectionId: 'beisen-main', externalEventId: 'b-1', mode: 'poll', receivedAt: '2024-05-01T09:00:00.000+08:00' },
    occurredAt: '2024-05-01T08:55:00.000+08:00',
    interview: {
      key: 'iv-key-1',
      externalIds: { 'beisen-main': 'bs-iv-1', dt: 'dt-iv-1' },
      kind: 'ai_cloud',
      round: 2,
      scheduledStart: '2024-05-03T10:00:00.000+08:00',
      scheduledEnd: '2024-05-03T11:00:00.000+08:00',
      position: { id: 'bs-job-1', title: '销售经理' },
      interviewers: [
        { name: '王面试', externalIds: { dt: 'manager01' } },
        { name: '外部面试官', externalIds: { 'beisen-main': 'x' } },
      ],
    },
    candidate: { hubId: 'cand-hub-1', externalIds: { 'beisen-main': 'bs-c-1', dt: 'dt-c-1' }, name: '张三', phone: '13800000000' },
    cancellation: {
      reason: { code: 'candidate_withdrew', detail: 'time_conflict', text: '候选人时间冲突', sourceValue: 'TIME_CONFLICT' },
      initiatedBy: { type: 'candidate' },
    },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
    ...overrides,
  };
}

/** Connection `t1/dt` pointed at a fake DingTalk server; credentials and settings extend the API-only defaults (specs only). */
export function fakeServerConnection(server: FakeDingTalkServer, credentials: Record<string, string> = {}, settings: Record<string, unknown> = {}): Connection {
  return {
    tenantId: 't1',
    id: 'dt',
    connector: 'dingtalk',
    credentials: { appKey: 'ak', appSecret: 'as', ...credentials },
    settings: { apiBaseUrl: server.baseUrl, oapiBaseUrl: server.baseUrl, ...settings },
  };
}

/** The ConnectorError a call rejects with; fails the spec if it resolves or rejects with anything else. */
export async function connectorFailure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a ConnectorError');
}
