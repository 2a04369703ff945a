import { Inject, Injectable } from '@nestjs/common';
import { ResetRegistry } from '../common/reset-registry.service';
import { SANDBOX_SEED, type SandboxSeed } from '../sandbox-options';
import { buildTenantData, checkApp, resolveSettings } from './dingtalk-seed';
import type {
  DingtalkApp,
  DingtalkCandidate,
  DingtalkDeliveryStatus,
  DingtalkFlow,
  DingtalkInterview,
  DingtalkJob,
  DingtalkSimulatorSettings,
} from './dingtalk.types';

/** Everything the simulated DingTalk knows, scoped by corpId; rebuilt from the seed on reset. */
@Injectable()
export class DingtalkStateService {
  settings: DingtalkSimulatorSettings;
  private apps = new Map<string, DingtalkApp>();
  private jobs = new Map<string, DingtalkJob>();
  private candidates = new Map<string, DingtalkCandidate>();
  private interviews = new Map<string, DingtalkInterview>();
  private flows = new Map<string, DingtalkFlow>();
  private deliveryStatuses = new Map<string, DingtalkDeliveryStatus>();
  private aiInterviewInfos = new Map<string, Record<string, unknown>>();

  constructor(
    @Inject(SANDBOX_SEED) private readonly seed: SandboxSeed,
    resets: ResetRegistry,
  ) {
    this.settings = resolveSettings(seed.dingtalk);
    this.load();
    resets.register(() => {
      this.settings = resolveSettings(this.seed.dingtalk);
      this.load();
    });
  }

  private load(): void {
    const data = buildTenantData(this.seed.dingtalk, Date.now());
    this.apps = new Map(data.apps.map((a) => [a.appKey, a]));
    this.jobs = new Map(data.jobs.map((j) => [key(j.corpId, j.jobId), j]));
    this.candidates = new Map(data.candidates.map((c) => [key(c.corpId, c.candidateId), c]));
    this.interviews = new Map(data.interviews.map((i) => [key(i.corpId, i.interviewId), i]));
    this.flows.clear();
    const loadedAt = Date.now();
    for (const interview of data.interviews) this.touchFlow(interview, loadedAt);
    this.deliveryStatuses.clear();
    this.aiInterviewInfos.clear();
  }

  appByKey(appKey: string): DingtalkApp | undefined {
    return this.apps.get(appKey);
  }

  listApps(): DingtalkApp[] {
    return [...this.apps.values()];
  }

  upsertApp(app: DingtalkApp): DingtalkApp {
    const checked = checkApp(app, app.appKey ?? '(new)');
    this.apps.set(checked.appKey, checked);
    return checked;
  }

  /** The only corp when there is exactly one; callers must name it otherwise. */
  defaultCorpId(): string | undefined {
    const corps = [...new Set(this.listApps().map((a) => a.corpId))];
    return corps.length === 1 ? corps[0] : undefined;
  }

  job(corpId: string, jobId: string): DingtalkJob | undefined {
    return this.jobs.get(key(corpId, jobId));
  }

  upsertJob(job: DingtalkJob): DingtalkJob {
    this.jobs.set(key(job.corpId, job.jobId), job);
    return job;
  }

  candidate(corpId: string, candidateId: string): DingtalkCandidate | undefined {
    return this.candidates.get(key(corpId, candidateId));
  }

  candidateByPhone(corpId: string, phone: string): DingtalkCandidate | undefined {
    return [...this.candidates.values()].find((c) => c.corpId === corpId && c.phone === phone);
  }

  upsertCandidate(candidate: DingtalkCandidate): DingtalkCandidate {
    this.candidates.set(key(candidate.corpId, candidate.candidateId), candidate);
    return candidate;
  }

  interview(corpId: string, interviewId: string): DingtalkInterview | undefined {
    return this.interviews.get(key(corpId, interviewId));
  }

  /** Finds an interview by id alone, for control calls that do not name the corp. */
  findInterview(interviewId: string): DingtalkInterview | undefined {
    return [...this.interviews.values()].find((i) => i.interviewId === interviewId);
  }

  /** Stores the interview and bumps its flow's modify time to `modifiedAt` (creating the flow if new). */
  upsertInterview(interview: DingtalkInterview, modifiedAt = Date.now()): DingtalkInterview {
    this.interviews.set(key(interview.corpId, interview.interviewId), interview);
    this.touchFlow(interview, modifiedAt);
    return interview;
  }

  /**
   * Creates the interview's flow or bumps its modify time (never backwards). Called on interview creation and
   * cancellation; that real DingTalk bumps a flow's modify time on these changes is UNCONFIRMED.
   */
  touchFlow(interview: DingtalkInterview, modifiedAt: number): DingtalkFlow {
    const k = key(interview.corpId, interview.flowId);
    const existing = this.flows.get(k);
    if (existing) {
      existing.modifyTimeMillis = Math.max(existing.modifyTimeMillis, modifiedAt);
      return existing;
    }
    const flow: DingtalkFlow = {
      corpId: interview.corpId,
      flowId: interview.flowId,
      candidateId: interview.candidateId,
      jobId: interview.jobId,
      currentStatus: '21',
      sourceName: 'sandbox',
      createTimeMillis: modifiedAt,
      modifyTimeMillis: modifiedAt,
    };
    this.flows.set(k, flow);
    return flow;
  }

  flow(corpId: string, flowId: string): DingtalkFlow | undefined {
    return this.flows.get(key(corpId, flowId));
  }

  /** The corp's flows modified in `[min, max]` (inclusive), oldest modification first, then by id. */
  flowsModifiedBetween(corpId: string, min: number, max: number): DingtalkFlow[] {
    return [...this.flows.values()]
      .filter((f) => f.corpId === corpId && f.modifyTimeMillis >= min && f.modifyTimeMillis <= max)
      .sort((a, b) => a.modifyTimeMillis - b.modifyTimeMillis || a.flowId.localeCompare(b.flowId));
  }

  interviewsOfCandidate(corpId: string, candidateId: string): DingtalkInterview[] {
    return [...this.interviews.values()]
      .filter((i) => i.corpId === corpId && i.candidateId === candidateId)
      .sort((a, b) => a.startTimeMillis - b.startTimeMillis || a.interviewId.localeCompare(b.interviewId));
  }

  setDeliveryStatus(status: DingtalkDeliveryStatus): void {
    this.deliveryStatuses.set(`${key(status.corpId, status.jobId)}\u0000${status.deliverUserId}`, status);
  }

  saveAiInterviewInfo(corpId: string, interviewId: string, body: Record<string, unknown>): void {
    this.aiInterviewInfos.set(key(corpId, interviewId), body);
  }

  snapshot(): Record<string, unknown> {
    return {
      settings: this.settings,
      apps: this.listApps(),
      jobs: [...this.jobs.values()],
      candidates: [...this.candidates.values()],
      interviews: [...this.interviews.values()],
      flows: [...this.flows.values()],
      deliveryStatuses: [...this.deliveryStatuses.values()],
      aiInterviewInfos: [...this.aiInterviewInfos.entries()].map(([k, body]) => ({ key: k, body })),
    };
  }
}

function key(corpId: string, id: string): string {
  return `${corpId}\u0000${id}`;
}
