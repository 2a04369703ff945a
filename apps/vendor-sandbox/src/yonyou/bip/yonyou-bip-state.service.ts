import { Inject, Injectable } from '@nestjs/common';
import { ResetRegistry } from '../../common/reset-registry.service';
import { SANDBOX_SEED, type SandboxSeed } from '../../sandbox-options';
import {
  DEFAULT_APPROVAL_HISTORY_PATH,
  DEFAULT_CANCEL_STATUS,
  checkApprovers,
  checkTenant,
  resolveBipSettings,
  toCandidate,
} from './yonyou-bip-seed';
import type { BipApproverSeed, BipCancelRequest, BipCandidate, BipSimulatorSettings, BipTenant, YonyouBipSeed } from './yonyou-bip.types';

/** What one `resubmitCheckKey` did: applied once, then only counted (MDD idempotency [Y4]). */
export interface BipResubmitEntry {
  key: string;
  api: string;
  tenantId: string;
  /** Always 1: a key is applied at most once. */
  applied: number;
  repeats: number;
  firstAt: number;
  /** The answer of the applying call, replayed to repeats. */
  answer: unknown;
  /** True when a repeat carried a different body than the applying call. */
  bodyDiffers: boolean;
  body: unknown;
}

/** A call to a tenant-built archive or tag API (contract §8 "endpoint" mode). */
export interface BipEndpointWrite {
  id: string;
  kind: 'archive' | 'tags';
  path: string;
  tenantId: string;
  candidateId: string;
  resubmitCheckKey?: string;
  data: Record<string, unknown>;
  at: number;
}

/** Everything the simulated YonBIP knows; rebuilt from the seed on `POST /_sandbox/reset`. */
@Injectable()
export class YonyouBipStateService {
  settings: BipSimulatorSettings;
  tenants: BipTenant[] = [];
  approvers: BipApproverSeed[] = [];
  cancelStatus = DEFAULT_CANCEL_STATUS;
  endpoints = { approvalHistory: DEFAULT_APPROVAL_HISTORY_PATH, archive: undefined as string | undefined, tags: undefined as string | undefined };
  readonly startedAt = Date.now();
  private candidates = new Map<string, BipCandidate>();
  cancelRequests = new Map<string, BipCancelRequest>();
  resubmits = new Map<string, BipResubmitEntry>();
  endpointWrites: BipEndpointWrite[] = [];

  constructor(@Inject(SANDBOX_SEED) private readonly seed: SandboxSeed, resets: ResetRegistry) {
    this.settings = resolveBipSettings(this.bipSeed);
    this.load();
    resets.register(() => {
      this.settings = resolveBipSettings(this.bipSeed);
      this.load();
    });
  }

  private get bipSeed(): YonyouBipSeed | undefined {
    return this.seed.yonyou?.bip;
  }

  private load(): void {
    const seed = this.bipSeed;
    this.tenants = (seed?.tenants ?? []).map((t, i) => checkTenant(t, `tenants[${i}]`));
    this.candidates = new Map((seed?.candidates ?? []).map((c, i) => {
      const candidate = toCandidate(c, this.tenants, this.startedAt, `candidates[${i}]`);
      return [key(candidate.tenantId, candidate.id), candidate];
    }));
    this.approvers = checkApprovers(seed?.approvers);
    this.cancelStatus = seed?.cancelStatus ?? DEFAULT_CANCEL_STATUS;
    this.endpoints = {
      approvalHistory: seed?.endpoints?.approvalHistory ?? DEFAULT_APPROVAL_HISTORY_PATH,
      archive: seed?.endpoints?.archive,
      tags: seed?.endpoints?.tags,
    };
    this.cancelRequests.clear();
    this.resubmits.clear();
    this.endpointWrites = [];
  }

  tenant(tenantId: string): BipTenant | undefined {
    return this.tenants.find((t) => t.tenantId === tenantId);
  }

  tenantByAppKey(appKey: string): BipTenant | undefined {
    return this.tenants.find((t) => t.appKey === appKey);
  }

  candidate(tenantId: string, id: string): BipCandidate | undefined {
    return this.candidates.get(key(tenantId, id));
  }

  /** Control calls name a candidate by id alone. */
  findCandidate(id: string): BipCandidate | undefined {
    return [...this.candidates.values()].find((c) => c.id === id);
  }

  candidatesOf(tenantId: string): BipCandidate[] {
    return [...this.candidates.values()].filter((c) => c.tenantId === tenantId);
  }

  upsertCandidate(candidate: BipCandidate): BipCandidate {
    this.candidates.set(key(candidate.tenantId, candidate.id), candidate);
    return candidate;
  }

  deleteCandidate(candidate: BipCandidate): void {
    this.candidates.delete(key(candidate.tenantId, candidate.id));
  }

  /** Moves the candidate's last-modified time to `now`, at least one second on, so its `pubts` text visibly changes. */
  touch(candidate: BipCandidate, now = Date.now()): void {
    candidate.modifiedAt = Math.max(now, candidate.modifiedAt + 1000);
  }

  snapshot(): Record<string, unknown> {
    return {
      settings: this.settings,
      tenants: this.tenants,
      approvers: this.approvers,
      cancelStatus: this.cancelStatus,
      endpoints: this.endpoints,
      candidates: [...this.candidates.values()],
      cancelRequests: [...this.cancelRequests.values()],
      resubmits: [...this.resubmits.values()].map(({ answer: _answer, ...entry }) => entry),
      endpointWrites: this.endpointWrites,
    };
  }
}

function key(tenantId: string, id: string): string {
  return `${tenantId}\u0000${id}`;
}
