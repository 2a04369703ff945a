import { FakeVendorServer, type FakeAnswer, type FakeRoute } from '@hub/connector-sdk/testing';

export type { FakeAnswer, FakeRoute, RecordedRequest } from '@hub/connector-sdk/testing';

/** DingTalk's failed-push list (README "Missed pushes"). */
export const FAILED_PUSH_PATH = '/call_back/get_call_back_failed_result';
const NO_FAILED_PUSHES: FakeAnswer = { body: { errcode: 0, errmsg: 'ok', failed_list: [], has_more: false } };

/**
 * A loopback HTTP server standing in for DingTalk in unit specs (no axios mocks). An unmatched read of the failed-push
 * list gets an empty list (a DingTalk that delivered every push), other unmatched requests 404 `{code:"notFound"}`.
 */
export class FakeDingTalkServer extends FakeVendorServer {
  constructor() {
    super((r) => (r.path === FAILED_PUSH_PATH ? NO_FAILED_PUSHES : { status: 404, body: { code: 'notFound', message: `no route for ${r.path}` } }), 'text/html');
  }
}

/** Route helper: answers a fixed token for the internal-app token endpoint. */
export function tokenRoute(token = 'tok-1', expireIn = 7200): FakeRoute {
  return (r) => (r.path === '/v1.0/oauth2/accessToken' ? { body: { accessToken: token, expireIn } } : undefined);
}
