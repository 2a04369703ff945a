import type {
  DingtalkApp,
  DingtalkCandidate,
  DingtalkInterview,
  DingtalkJob,
  DingtalkSeed,
  DingtalkSeedInterview,
  DingtalkSeedTime,
  DingtalkSimulatorSettings,
} from './dingtalk.types';
import { DEFAULT_STREAM_SETTINGS, checkAppStream } from './dingtalk-stream-frames';

export const DEFAULT_DINGTALK_SETTINGS: DingtalkSimulatorSettings = {
  tokenTtlSeconds: 7200,
  authErrorStatus: 400,
  unknownCandidateOnQuery: 'notFound',
  callbackTimeoutMs: 3000,
  traffic: {
    qps: 1000,
    apiQps: {},
    scope: 'api',
    ipLimit: { max: 10_000, windowMs: 20_000, banMs: 5 * 60_000 },
    banFormat: 'json',
    banStatus: 200,
  },
  stream: DEFAULT_STREAM_SETTINGS,
};

export interface DingtalkTenantData {
  apps: DingtalkApp[];
  jobs: DingtalkJob[];
  candidates: DingtalkCandidate[];
  interviews: DingtalkInterview[];
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

export function resolveSettings(seed: DingtalkSeed | undefined): DingtalkSimulatorSettings {
  const settings = seed?.settings ?? {};
  const { traffic, stream, ...rest } = settings;
  return {
    ...DEFAULT_DINGTALK_SETTINGS,
    ...rest,
    traffic: {
      ...DEFAULT_DINGTALK_SETTINGS.traffic,
      ...traffic,
      ipLimit: { ...DEFAULT_DINGTALK_SETTINGS.traffic.ipLimit, ...traffic?.ipLimit },
      apiQps: { ...traffic?.apiQps },
    },
    stream: { ...DEFAULT_STREAM_SETTINGS, ...stream },
  };
}

/** `{dayOffset: 1, time: "10:00"}` = tomorrow 10:00 Beijing time, counted from `now`. */
export function seedTimeToMillis(time: DingtalkSeedTime, now: number): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.time);
  if (!match) throw new Error(`dingtalk seed: time "${time.time}" is not HH:mm`);
  const beijing = new Date(now + BEIJING_OFFSET_MS);
  const wallClock = Date.UTC(
    beijing.getUTCFullYear(),
    beijing.getUTCMonth(),
    beijing.getUTCDate() + time.dayOffset,
    Number(match[1]),
    Number(match[2]),
  );
  return wallClock - BEIJING_OFFSET_MS;
}

/** Turns the seed's convenient shapes into the simulator's state, failing loudly on anything incomplete. */
export function buildTenantData(seed: DingtalkSeed | undefined, now: number): DingtalkTenantData {
  const apps = (seed?.apps ?? []).map((app, index) => checkApp(app, index));
  const defaultCorp = (corpId: string | undefined, where: string): string => {
    if (corpId) return corpId;
    const corps = [...new Set(apps.map((a) => a.corpId))];
    if (corps.length === 1) return corps[0];
    throw new Error(`dingtalk seed: ${where} needs a corpId (${corps.length} corps in the seed)`);
  };
  const jobs = (seed?.jobs ?? []).map((job, i) => ({ ...job, corpId: defaultCorp(job.corpId, `jobs[${i}]`) }));
  const candidates = (seed?.candidates ?? []).map((c, i) => ({
    ...c,
    corpId: defaultCorp(c.corpId, `candidates[${i}]`),
  }));
  const interviews = (seed?.interviews ?? []).map((interview, i) =>
    toInterview(interview, defaultCorp(interview.corpId, `interviews[${i}]`), now, `interviews[${i}]`),
  );
  return { apps, jobs, candidates, interviews };
}

export function checkApp(app: DingtalkApp, index: number | string): DingtalkApp {
  for (const field of ['corpId', 'appKey', 'appSecret', 'agentId'] as const) {
    if (app[field] === undefined || app[field] === '') throw new Error(`dingtalk app ${index}: ${field} is required`);
  }
  if (app.callback) {
    const { url, token, aesKey, ownerKey } = app.callback;
    if (!url || !token || !ownerKey) throw new Error(`dingtalk app ${index}: callback needs url, token, ownerKey`);
    if (typeof aesKey !== 'string' || aesKey.length !== 43) {
      throw new Error(`dingtalk app ${index}: callback.aesKey must have 43 characters`);
    }
  }
  checkAppStream(app.stream, `dingtalk app ${index}`);
  return { ...app, agentId: String(app.agentId) };
}

function toInterview(seed: DingtalkSeedInterview, corpId: string, now: number, where: string): DingtalkInterview {
  const start = seed.startTimeMillis ?? (seed.start ? seedTimeToMillis(seed.start, now) : undefined);
  if (start === undefined) throw new Error(`dingtalk seed: ${where} needs startTimeMillis or start`);
  const end = seed.endTimeMillis ?? start + (seed.durationMinutes ?? 30) * 60_000;
  return {
    corpId,
    interviewId: seed.interviewId,
    candidateId: seed.candidateId,
    jobId: seed.jobId,
    flowId: seed.flowId ?? `flow-${seed.interviewId}`,
    startTimeMillis: start,
    endTimeMillis: end,
    cancelled: seed.cancelled ?? false,
    creatorUserId: seed.creatorUserId,
    interviewers: [...seed.interviewers],
    kind: seed.kind ?? 'ai_cloud',
  };
}
