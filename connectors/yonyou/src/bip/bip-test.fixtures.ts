import { createHmac } from 'node:crypto';
import { ConnectorError, type Connection } from '@hub/connector-sdk';
import type { CancellationEvent } from '@hub/schema';
import type { FakeRoute, FakeYonBipServer, RecordedRequest } from './bip-fake.server';

/** Spec helpers: routes of a well-behaved YonBIP, a connection pointed at the fake server, a sample event. */

export const APP_KEY = 'app-key-1';
export const APP_SECRET = 'app-secret-0000-1111';
export const TENANT_ID = 'tnt001';

/** The signature the fake token endpoint expects, computed here from the Y2 recipe (not with the connector's code). */
function expectedSignature(appKey: string, timestamp: string): string {
  return createHmac('sha256', APP_SECRET).update(`appKey${appKey}timestamp${timestamp}`).digest('base64');
}

/** Gateway lookup answering the fake server's own origin under the real prefixes. */
export function lookupRoute(server: FakeYonBipServer): FakeRoute {
  return (r) =>
    r.path === '/open-auth/dataCenter/getGatewayAddress'
      ? r.query.tenantId === TENANT_ID
        ? { body: { code: '00000', message: '成功！', data: { gatewayUrl: `${server.baseUrl}/iuap-api-gateway`, tokenUrl: `${server.baseUrl}/iuap-api-auth` } } }
        : { body: { code: '500', message: '根据租户id获取网关地址出现异常' } }
      : undefined;
}

/** Token endpoint: checks appKey and signature, answers `tokens[n]` for the n-th issue (the last one after that). */
export function tokenRoute(tokens: string[] = ['tok+/A=='], expire = 7200): FakeRoute {
  let issued = 0;
  return (r) => {
    if (!r.path.endsWith('/getAccessToken')) return undefined;
    const { appKey, timestamp, signature } = r.query;
    if (appKey !== APP_KEY) return { body: { code: '10018', message: '应用不存在或appKey已停用' } };
    if (signature !== expectedSignature(appKey, timestamp)) return { body: { code: '10016', message: '签名校验失败' } };
    const token = tokens[Math.min(issued++, tokens.length - 1)];
    return { body: { code: '00000', message: '成功！', data: { access_token: token, expire } } };
  };
}

/** A business route for `suffix`: `answer` gets the request and returns the envelope's data (or a full answer). */
export function apiRoute(suffix: string, answer: (r: RecordedRequest) => unknown): FakeRoute {
  return (r) => (r.path === `/iuap-api-gateway${suffix}` ? { body: { code: '200', message: '操作成功', data: answer(r) } } : undefined);
}

/** A connection `t1/yonyou-main` using the gateway lookup of the fake server (specs only). */
export function fakeConnection(server: FakeYonBipServer, settings: Record<string, unknown> = {}, credentials: Record<string, string> = {}): Connection {
  return {
    tenantId: 't1',
    id: 'yonyou-main',
    connector: 'yonyou',
    credentials: { appKey: APP_KEY, appSecret: APP_SECRET, tenantId: TENANT_ID, ...credentials },
    settings: { gatewayLookupUrl: server.baseUrl, ...settings },
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

/** A canonical cancellation from another system, targeting connection `yonyou-main` (candidate `c-1` there). */
export function sampleCancellation(overrides: Partial<CancellationEvent> = {}): CancellationEvent {
  return {
    schemaVersion: 1,
    id: '01HZX0000000000000000000AA',
    tenantId: 't1',
    source: { system: 'dingtalk', connectionId: 'dingtalk-main', externalEventId: 'd-1', mode: 'poll', receivedAt: '2024-05-01T09:00:00.000+08:00' },
    occurredAt: '2024-05-01T08:55:00.000+08:00',
    interview: {
      key: 'dingtalk-main:iv-1',
      externalIds: { 'dingtalk-main': 'iv-1' },
      kind: 'onsite',
      scheduledStart: '2024-05-03T10:00:00.000+08:00',
      position: { id: 'job-1', title: '销售经理' },
      interviewers: [],
    },
    candidate: { hubId: 'cand-hub-1', externalIds: { 'dingtalk-main': 'dt-c-1', 'yonyou-main': 'c-1' }, name: '张三', phone: '13800000000' },
    cancellation: { reason: { code: 'candidate_withdrew', text: '候选人时间冲突', sourceValue: 'TIME_CONFLICT' }, initiatedBy: { type: 'candidate' } },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
    ...overrides,
  };
}
