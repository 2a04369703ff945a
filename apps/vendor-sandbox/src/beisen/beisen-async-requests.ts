import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ResetRegistry } from '../common/reset-registry.service';
import { accepted, refused, type BeisenResult } from './beisen-envelope';
import { BeisenStateService } from './beisen-state.service';
import type { BeisenTenant } from './beisen-tenant';
import type { BeisenAsyncRequest } from './beisen.types';

export const REQUEST_ID_HEADER = 'X-PAAS-Request-ID';

/** What an asynchronous write does once it runs: nothing returned means Success, a string is the failure. */
export type AsyncWork = () => string | undefined;

/**
 * Asynchronous writes: answered at once with a request id (body and `X-PAAS-Request-ID`), applied after
 * `asyncDelayMs`; `AsyncApiExecInfo/GetByRequestId` then reads Success or Failed.
 */
@Injectable()
export class BeisenAsyncRequests {
  /** Bumped by reset, so a write still pending from before the reset never lands. */
  private generation = 0;

  constructor(
    private readonly state: BeisenStateService,
    resets: ResetRegistry,
  ) {
    resets.register(() => (this.generation += 1));
  }

  /** Starts a request; the armed async error of any named applicant (checked when it runs) fails it. */
  start(tenant: BeisenTenant, api: string, applicantIds: string[], work: AsyncWork): BeisenResult {
    const request: BeisenAsyncRequest = { requestId: randomUUID(), api, status: 'Processing', errorMessage: null };
    tenant.asyncRequests.push(request);
    const generation = this.generation;
    const run = (): void => {
      if (generation !== this.generation) return;
      const failure = this.takeArmedError(tenant, applicantIds) ?? work();
      Object.assign(request, failure === undefined ? { status: 'Success' } : { status: 'Failed', errorMessage: failure });
    };
    const delay = this.state.settings.asyncDelayMs;
    if (delay <= 0) run();
    else setTimeout(run, delay).unref();
    return accepted({ requestId: request.requestId }, { [REQUEST_ID_HEADER]: request.requestId });
  }

  /** The v5 answer of `GET /OpenPlatform/api/AsyncApiExecInfo/GetByRequestId`. */
  find(tenant: BeisenTenant, requestId: unknown): BeisenResult {
    const request = tenant.asyncRequests.find((r) => r.requestId === requestId);
    if (!request) return refused(417, 'requestId 不存在');
    return accepted({ requestId: request.requestId, status: request.status, errorMessage: request.errorMessage });
  }

  private takeArmedError(tenant: BeisenTenant, applicantIds: string[]): string | undefined {
    const armed = tenant.asyncErrors.find((e) => e.times > 0 && applicantIds.includes(e.applicantId));
    if (!armed) return undefined;
    armed.times -= 1;
    return armed.message;
  }
}
