import { randomUUID } from 'node:crypto';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { configCopy, keepConnections } from './support/config-copy';
import { HubHarness } from './support/hub-harness';
import { beisenWrites, dingtalkWrites, kingdeeWrites, yonyouWrites, type SandboxGet, type WriteCounts } from './support/matrix-observers';
import { waitFor } from './support/wait-for';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

type Vendor = 'dingtalk' | 'yonyou' | 'kingdee' | 'beisen';
const VENDORS: Vendor[] = ['dingtalk', 'yonyou', 'kingdee', 'beisen'];
const CONNECTION: Record<Vendor, string> = { dingtalk: 'dingtalk-main', yonyou: 'yonyou-main', kingdee: 'kingdee-main', beisen: 'beisen-main' };
const OBSERVE: Record<Vendor, (get: SandboxGet, sinceMs: number) => Promise<WriteCounts>> = {
  dingtalk: dingtalkWrites,
  yonyou: yonyouWrites,
  kingdee: kingdeeWrites,
  beisen: beisenWrites,
};
const REASON = '岗位暂停';
const RECRUITER = { k3: 'K3U-chenjing', beisen: 'bs-user-chenjing', name: '陈静' };

/** Local (+08:00) wall-clock text without a zone, as K/3 and Beisen write times. */
const localTime = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** One person, known in all four systems, each under its own ids; one interview at the same time everywhere. */
interface Person {
  source: Vendor;
  name: string;
  phone: string;
  startMs: number;
  dingtalk: { candidate: string; interview: string; interviewer: string };
  yonyou: { candidate: string; interview: string };
  kingdee: { candidate: string; interview: string };
  beisen: { applicant: string; candidateId: string; apply: string; interview: string };
}

function person(source: Vendor, n: number): Person {
  const tag = `${source.slice(0, 2).toUpperCase()}${n}`;
  return {
    source,
    name: `矩阵候选人${tag}`,
    phone: `1365${String(n).padStart(3, '0')}${String(n * 7).padStart(4, '0')}`,
    // Whole minutes, days ahead, one hour apart per person: every system finds the interview by this start.
    startMs: Math.floor(Date.now() / 60_000) * 60_000 + (3 + n) * 86_400_000,
    dingtalk: { candidate: `dt-cand-${tag}`, interview: `dt-iv-${tag}`, interviewer: `dt-user-${tag}` },
    yonyou: { candidate: `bip-cand-${tag}`, interview: `bip-iv-${tag}` },
    kingdee: { candidate: `K3C-${tag}`, interview: `K3IV-${tag}` },
    beisen: { applicant: randomUUID(), candidateId: `C00${900000 + n}`, apply: randomUUID(), interview: randomUUID() },
  };
}

/** The interview's id in the system where it is cancelled. */
const sourceInterview = (p: Person) => ({ dingtalk: p.dingtalk.interview, yonyou: p.yonyou.interview, kingdee: p.kingdee.interview, beisen: p.beisen.interview })[p.source];

/** The id each effect names in a vendor: its candidate for status, pool and tags; its interview for the archive; a DingTalk interviewer for notifications. */
function idOf(vendor: Vendor, effect: string, p: Person): string {
  switch (vendor) {
    case 'dingtalk':
      return { candidateStatus: p.dingtalk.candidate, archiveInterview: p.dingtalk.interview, notify: p.dingtalk.interviewer, followUpReminder: p.dingtalk.interviewer }[effect] ?? '?';
    case 'yonyou':
      return p.yonyou.candidate;
    case 'kingdee':
      return p.kingdee.candidate;
    case 'beisen':
      return { candidateStatus: p.beisen.apply, archiveInterview: p.beisen.interview }[effect] ?? p.beisen.applicant;
  }
}

/**
 * Effects a target declares but answers `not_applicable` for by design (the delivery ends `skipped` with this detail,
 * and nothing is written); every other declared effect must be `delivered` and written exactly once.
 * - DingTalk followUpReminder: the reminder goes to the recruiter who cancelled, by DingTalk userId; a recruiter of
 *   another system (陈静 in YonBIP, K/3 or Beisen) has none, so there is nobody to remind in DingTalk.
 * - DingTalk notify from K/3: K/3's interview form names no interviewer, so the only recipient is the candidate, whose
 *   channel (sms) is not DingTalk.
 */
const RECRUITER_NOT_IN_DINGTALK = /陈静 \(recruiter\): no DingTalk userId/;
const NOT_APPLICABLE: Partial<Record<`${Vendor}->${Vendor}`, Record<string, RegExp>>> = {
  'yonyou->dingtalk': { followUpReminder: RECRUITER_NOT_IN_DINGTALK },
  'kingdee->dingtalk': { followUpReminder: RECRUITER_NOT_IN_DINGTALK, notify: /\(candidate\): channel "sms" is not DingTalk\)$/ },
  'beisen->dingtalk': { followUpReminder: RECRUITER_NOT_IN_DINGTALK },
};

/** One fresh person per source. */
const PEOPLE = VENDORS.map((source, i) => person(source, i + 1));
/** The test table: every ordered (source, target) pair. */
const PAIRS = VENDORS.flatMap((source) => VENDORS.filter((t) => t !== source).map((target) => [source, target] as [Vendor, Vendor]));

/**
 * The four-vendor matrix (issue 10): for every ordered pair (source, target) among DingTalk, YonBIP, Kingdee K/3 and
 * Beisen, an interview cancelled in the source simulator the way that vendor does it reaches the target simulator
 * with every effect the target declares, each exactly once and under the target's own ids, and nothing is written
 * back to the source (no echo). One fresh person per source, known to all four systems under each one's own ids.
 */
describe('four-vendor matrix: a cancellation in any system reaches every other once, under its own ids', () => {
  let h: HubHarness;
  let declared: Record<Vendor, string[]>;
  const get: SandboxGet = (method, path) => h.sandboxCall(method, path);

  beforeAll(async () => {
    const configDir = configCopy((tenant) => {
      keepConnections(tenant, VENDORS.map((v) => CONNECTION[v]));
      for (const conn of tenant.connections as Json[]) {
        // Only the source's own flow would write to it: none here, so the source must get nothing.
        delete conn.originEffects;
        // Every system polled often: a write the hub made that a target's next poll reads back must not echo.
        conn.pollIntervalSeconds = 5;
      }
      // DingTalk's interview query names the candidate by id only: as for the demo's people, the admin's identity
      // table gives the hub the phone, by which the other systems find their own candidate.
      tenant.identity.candidates.push(...PEOPLE.map((p) => ({ ids: { [CONNECTION.dingtalk]: p.dingtalk.candidate }, phone: p.phone })));
    });
    h = await HubHarness.start({ configDir });
    const registry = h.hub.app.get(ConnectorRegistry);
    // The effects each target's connector declares (connector ids are the vendor names above).
    declared = Object.fromEntries(VENDORS.map((v) => [v, [...registry.get(v).capabilities.effects]])) as Record<Vendor, string[]>;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  async function seed(p: Person): Promise<void> {
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews', {
      interviewId: p.dingtalk.interview,
      candidateId: p.dingtalk.candidate,
      name: p.name,
      phone: p.phone,
      jobId: 'job-sales-mgr',
      startTimeMillis: p.startMs,
      durationMinutes: 45,
      interviewers: [p.dingtalk.interviewer],
      kind: 'ai_cloud',
    });
    await h.sandboxCall('POST', '/_sandbox/yonyou/bip/candidates', {
      id: p.yonyou.candidate,
      name: p.name,
      mobile: p.phone,
      status: '8',
      billstate: '3',
      interview: { id: p.yonyou.interview, start: p.startMs, durationMinutes: 45 },
      position: { id: 'post-sales-mgr', name: '销售经理' },
      interviewers: [{ id: 'bip-user-liuyang', name: '刘洋', email: 'liuyang@example.com' }],
    });
    await h.sandboxCall('POST', '/_sandbox/kingdee/k3/rows', {
      formId: 'PAEZ_Candidate',
      rows: [{ FNumber: p.kingdee.candidate, FName: p.name, FPhone: p.phone, FStatus: '面试待进行' }],
    });
    await h.sandboxCall('POST', '/_sandbox/kingdee/k3/rows', { formId: 'PAEZ_Interview', keyField: 'FNumber', rows: [k3Interview(p, 'SCHEDULED')] });
    await h.sandboxCall('POST', '/_sandbox/beisen/applicants', { applicantId: p.beisen.applicant, candidateId: p.beisen.candidateId, name: p.name, mobile: p.phone });
    await h.sandboxCall('POST', '/_sandbox/beisen/applies', { applyId: p.beisen.apply, applicantId: p.beisen.applicant, jobName: '销售经理' });
    await h.sandboxCall('POST', '/_sandbox/beisen/interviews', {
      interviewId: p.beisen.interview,
      applyId: p.beisen.apply,
      startTime: p.startMs,
      endTime: p.startMs + 45 * 60_000,
      interviewers: [{ userId: 'bs-user-liuyang', name: '刘洋' }],
    });
  }

  function k3Interview(p: Person, status: string): Json {
    return {
      FNumber: p.kingdee.interview,
      FCandidateNumber: p.kingdee.candidate,
      FCandidateName: p.name,
      FPhone: p.phone,
      FPosition: '销售经理',
      FScheduledStart: localTime(p.startMs),
      FStatus: status,
      ...(status === 'CANCELLED' ? { FReason: REASON, FBatchId: `KB-${p.kingdee.interview}`, FRecruiterId: RECRUITER.k3, FRecruiterName: RECRUITER.name } : {}),
      FModifyDate: localTime(Date.now()),
    };
  }

  /** The recruiter cancels the interview in the source system, the way that vendor does it. */
  async function cancelIn(p: Person): Promise<void> {
    switch (p.source) {
      case 'dingtalk':
        // DingTalk pushes a change hint; the hub's poll of the candidate finds the interview cancelled.
        await h.sandboxCall('POST', `/_sandbox/dingtalk/interviews/${p.dingtalk.interview}/cancel`, { pushCount: 1, reason: REASON });
        return;
      case 'yonyou': {
        // A 面试取消申请 approved at two levels.
        const request = await h.sandboxCall('POST', '/_sandbox/yonyou/bip/cancel-requests', { candidateId: p.yonyou.candidate, reason: REASON, requestedBy: { id: 'hr-chenjing', name: RECRUITER.name } });
        await h.sandboxCall('POST', `/_sandbox/yonyou/bip/cancel-requests/${request.id}/decide`, { level: 1, action: 'agree' });
        await h.sandboxCall('POST', `/_sandbox/yonyou/bip/cancel-requests/${request.id}/decide`, { level: 2, action: 'agree' });
        return;
      }
      case 'kingdee':
        // The interview row set to CANCELLED on the tenant's interview form, found by the hub's poll.
        await h.sandboxCall('POST', '/_sandbox/kingdee/k3/rows', { formId: 'PAEZ_Interview', keyField: 'FNumber', rows: [k3Interview(p, 'CANCELLED')] });
        return;
      case 'beisen':
        // A recruiter cancels in Beisen's UI; the hub's poll of changed applies finds it.
        await h.sandboxCall('POST', '/_sandbox/beisen/interviews/cancel', { interviewIds: [p.beisen.interview], reason: REASON, cancelledBy: { userId: RECRUITER.beisen, name: RECRUITER.name } });
        return;
    }
  }

  /**
   * Cancels in the source, waits until the hub has settled it and every connection has polled once more after its
   * last delivery (so a write a target's poll reads back would have echoed by then), and returns its deliveries.
   */
  async function cancelAndSettle(p: Person): Promise<Json[]> {
    await cancelIn(p);
    const cancellation = await waitFor(
      `the cancellation of ${p.name} from ${CONNECTION[p.source]} to settle`,
      async () => {
        const c = await h.repos.cancellations.model.findOne({ tenantId: 'demo', originConnectionId: CONNECTION[p.source], event: { $regex: `"${CONNECTION[p.source]}":"${sourceInterview(p)}"` } }).lean();
        return c && c.syncStatus !== 'syncing' ? c : undefined;
      },
      90_000,
      250,
    );
    await h.idle(60_000);
    const settledAt = new Date();
    await waitFor(
      'every connection to poll again after the deliveries',
      async () => {
        const states = await h.repos.pollState.model.find({ tenantId: 'demo', _id: { $regex: /\|sweep$/ } }).lean();
        return VENDORS.every((v) => states.some((s) => s.connectionId === CONNECTION[v] && s.lastPolledAt && s.lastPolledAt > settledAt));
      },
      30_000,
      250,
    );
    await h.idle(60_000);
    return h.repos.deliveries.model.find({ tenantId: 'demo', cancellationId: cancellation._id, 'target.kind': 'connection' }).lean();
  }

  describe.each(PEOPLE.map((p) => [p.source, p] as [Vendor, Person]))('cancelled in %s', (source, p) => {
    let since = 0;
    let deliveries: Json[] = [];
    const writes = {} as Record<Vendor, WriteCounts>;

    beforeAll(async () => {
      await seed(p);
      since = Date.now();
      deliveries = await cancelAndSettle(p);
      for (const v of VENDORS) writes[v] = await OBSERVE[v](get, since);
    }, 180_000);

    it(`writes nothing back to ${source}, where it was cancelled (no echo)`, () => {
      expect(writes[source]).toEqual({});
      expect(deliveries.filter((d) => d.target.id === CONNECTION[source])).toEqual([]);
    });

    it.each(PAIRS.filter(([from]) => from === source).map(([, target]) => target))(`reaches %s with each declared effect once, under its own ids`, (target) => {
      const notApplicable = NOT_APPLICABLE[`${source}->${target}`] ?? {};
      const toTarget = deliveries.filter((d) => d.target.id === CONNECTION[target] && declared[target].includes(d.effect));
      // Every declared effect was planned once and ended delivered, or skipped where the target answers not_applicable by design.
      const outcome = (d: Json) => (d.status === 'skipped' && d.receipt?.outcome === 'not_applicable' ? 'not_applicable' : d.status);
      expect(Object.fromEntries(toTarget.map((d) => [d.effect, outcome(d)]))).toEqual(
        Object.fromEntries(declared[target].map((effect) => [effect, effect in notApplicable ? 'not_applicable' : 'delivered'])),
      );
      for (const d of toTarget.filter((x) => x.effect in notApplicable)) expect([d.effect, d.receipt.detail]).toEqual([d.effect, expect.stringMatching(notApplicable[d.effect])]);
      expect(toTarget).toHaveLength(declared[target].length);
      // The target holds each delivered effect exactly once, under its own id, and nothing else about anyone.
      const expected = Object.fromEntries(declared[target].filter((e) => !(e in notApplicable)).map((e) => [`${e} ${idOf(target, e, p)}`, 1]));
      expect(writes[target]).toEqual(expected);
    });
  });

  it('covers the 12 ordered pairs', () => {
    expect(PAIRS).toHaveLength(12);
  });
});
