import { FakeVendorServer, type RecordedRequest } from '@hub/connector-sdk/testing';

export type { FakeAnswer, FakeRoute, RecordedRequest } from '@hub/connector-sdk/testing';

/** A loopback HTTP server standing in for YonBIP in unit specs (no axios mocks); unmatched requests get the gateway's 404 `310404`. */
export class FakeYonBipServer extends FakeVendorServer {
  constructor() {
    super((r) => ({ status: 404, body: { code: '310404', message: `网关上没有注册此API[${r.path}]` } }));
  }

  /** Requests whose path ends with `suffix` (gateway paths carry a prefix). */
  override calls(suffix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(suffix));
  }
}
