import { configCopy, keepConnections } from './support/config-copy';
import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KINGDEE = 'kingdee-main';
const BATCH_ID = 'KD-BATCH-20261130-01';
/** K/3 datetimes are the server's local time (+08:00) without a zone. */
const k3Time = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
const pad = (i: number) => String(i).padStart(3, '0');

interface Person {
  i: number;
  name: string;
  phone: string;
  k3Candidate: string;
  k3Interview: string;
  dingtalkCandidate: string;
  dingtalkInterview: string;
  bipCandidate: string;
  startMs: number;
}

/** The same candidate and interview in Kingdee, DingTalk and YonBIP, each system with its own ids (found by phone, then start time). */
function people(prefix: string, count: number, firstStart: number): Person[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + 1;
    return {
      i,
      name: `候选人${prefix}${pad(i)}`,
      phone: `137${prefix === 'A' ? '1' : '2'}000${pad(i)}0`.slice(0, 11),
      k3Candidate: `K3C-${prefix}${pad(i)}`,
      k3Interview: `K3IV-${prefix}${pad(i)}`,
      dingtalkCandidate: `dt-cand-${prefix}${pad(i)}`,
      dingtalkInterview: `dt-iv-${prefix}${pad(i)}`,
      bipCandidate: `bip-cand-${prefix}${pad(i)}`,
      startMs: firstStart + n * 3_600_000,
    };
  });
}

/**
 * Acceptance of the Kingdee connector in the demo tenant (DingTalk, YonBIP and K/3 Cloud against the sandbox, plus a
 * webhook subscriber): a batch of 50 interviews cancelled in K/3 with one reason reaches DingTalk, YonBIP and the
 * subscriber as 50 events sharing the batchId, each written once under each target's own ids; in K/3 itself every
 * candidate moves into the talent pool as 潜在候选人 with one follow-up reminder, written by BatchSave. A row K/3 refuses
 * fails and is retried for that candidate alone; a session lost before a BatchSave is renewed once, no row doubled.
 */
describe('Kingdee batch cancel → DingTalk, Yonyou, subscriber and the Kingdee talent pool', () => {
  let h: HubHarness;
  const subscriber = new TestSubscriber();

  beforeAll(async () => {
    const configDir = configCopy((tenant) => {
      keepConnections(tenant, ['dingtalk-main', 'yonyou-main', KINGDEE]);
      const k3 = (tenant.connections as Json[]).find((c) => c.id === KINGDEE)!;
      // The tenant's interview form names the recruiter who cancelled: the follow-up reminder goes to them.
      k3.settings.interview.fields = { ...k3.settings.interview.fields, phone: 'FPhone', recruiter: 'FRecruiterId', recruiterName: 'FRecruiterName' };
      k3.originEffects = ['moveToTalentPool', 'followUpReminder'];
      // K/3 has no push: its interview form is polled often; the others keep the tests' long default.
      k3.pollIntervalSeconds = 5;
    });
    h = await HubHarness.start({ configDir });
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
  });

  afterAll(async () => {
    await h?.close();
    await subscriber.close();
  });

  /** Each person as a DingTalk candidate with an interview, a YonBIP candidate and a K/3 candidate, all not cancelled yet. */
  async function seedSystems(list: Person[]): Promise<void> {
    for (const p of list) {
      await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews', {
        interviewId: p.dingtalkInterview,
        candidateId: p.dingtalkCandidate,
        name: p.name,
        phone: p.phone,
        jobId: 'job-sales-mgr',
        startTimeMillis: p.startMs,
        durationMinutes: 45,
        interviewers: ['mgr-liuyang'],
        kind: 'ai_cloud',
      });
      await h.sandboxCall('POST', '/_sandbox/yonyou/bip/candidates', {
        id: p.bipCandidate,
        name: p.name,
        mobile: p.phone,
        status: '8',
        billstate: '3',
        interview: { id: `bip-iv-${p.k3Interview}`, start: p.startMs, durationMinutes: 45 },
      });
    }
    await h.sandboxCall('POST', '/_sandbox/kingdee/k3/rows', {
      formId: 'PAEZ_Candidate',
      rows: list.map((p) => ({ FNumber: p.k3Candidate, FName: p.name, FPhone: p.phone, FStatus: '面试待筛选' })),
    });
  }

  /** The recruiter cancels the interviews in K/3 at once, with one reason: rows sharing a batch id. */
  const cancelInKingdee = (list: Person[], batchId: string) =>
    h.sandboxCall('POST', '/_sandbox/kingdee/k3/rows', {
      formId: 'PAEZ_Interview',
      keyField: 'FNumber',
      rows: list.map((p) => ({
        FNumber: p.k3Interview,
        FCandidateNumber: p.k3Candidate,
        FCandidateName: p.name,
        FPhone: p.phone,
        FStatus: 'CANCELLED',
        FReason: '岗位暂停',
        FBatchId: batchId,
        FScheduledStart: k3Time(p.startMs),
        FRecruiterId: 'K3U-chenjing',
        FRecruiterName: '陈静',
        FModifyDate: k3Time(Date.now()),
      })),
    });

  const fromKingdee = (batchId: string) => subscriber.received.filter((r) => r.event.cancellation.batchId === batchId);
  const k3Rows = async (formId: string): Promise<Json[]> => (await h.sandboxCall('GET', '/_sandbox/kingdee/k3/state')).forms[formId]?.rows ?? [];
  const k3Saves = async (formId: string): Promise<Json[]> =>
    (await h.sandboxCall('GET', '/_sandbox/kingdee/k3/records')).filter((r: Json) => (r.api === 'Save' || r.api === 'BatchSave') && r.body.parameters[0] === formId);
  const modelsOf = (save: Json): Json[] => [save.body.parameters[1].Model].flat();

  async function settledBatch(list: Person[], batchId: string): Promise<Json[]> {
    await waitFor(`the subscriber to receive ${list.length} events of ${batchId}`, () => fromKingdee(batchId).length >= list.length, 120_000);
    const ids = fromKingdee(batchId).map((r) => r.event.id);
    await waitFor(`the ${list.length} cancellations of ${batchId} to settle`, async () => {
      const rows = await h.repos.cancellations.model.find({ _id: { $in: ids } }, { syncStatus: 1 }).lean();
      return rows.length === list.length && rows.every((c: Json) => c.syncStatus !== 'syncing');
    }, 120_000);
    await h.idle(60_000);
    return h.repos.deliveries.model.find({ tenantId: 'demo', cancellationId: { $in: ids } }).lean();
  }

  it('carries a batch of 50 to every system once under its own ids, and moves each candidate into the K/3 talent pool with one reminder', async () => {
    const list = people('A', 50, Date.now() + 2 * 86_400_000);
    await seedSystems(list);
    // One candidate's talent-pool row is refused once (a lock), in whichever BatchSave carries it.
    const refused = list[6];
    await h.sandboxCall('POST', '/_sandbox/kingdee/k3/row-errors', { formId: 'PAEZ_TalentPool', field: 'FCandidateNumber', key: refused.k3Candidate, message: '数据被锁定，请稍后再试' });
    await cancelInKingdee(list, BATCH_ID);
    const deliveries = await settledBatch(list, BATCH_ID);

    // The subscriber: 50 events sharing the batchId, one per interview, each once, with the reason mapped.
    const events = fromKingdee(BATCH_ID).map((r) => r.event);
    expect(events).toHaveLength(50);
    expect(new Set(events.map((e) => e.interview.externalIds[KINGDEE]))).toEqual(new Set(list.map((p) => p.k3Interview)));
    expect(events.every((e) => e.source.connectionId === KINGDEE && e.cancellation.reason.code === 'position_changed' && e.cancellation.reason.sourceValue === '岗位暂停')).toBe(true);

    // Every delivery final: delivered, or skipped with a reason (effects the target cannot apply); nothing dead.
    const byStatus = (status: string) => deliveries.filter((d: Json) => d.status === status);
    expect(deliveries.filter((d: Json) => !['delivered', 'skipped'].includes(d.status)).map((d: Json) => [d.target.id, d.effect, d.status, d.lastError?.message])).toEqual([]);
    const delivered = (target: string, effect: string) => byStatus('delivered').filter((d: Json) => d.target.id === target && d.effect === effect);
    for (const [target, effect] of [['dingtalk-main', 'candidateStatus'], ['dingtalk-main', 'archiveInterview'], ['yonyou-main', 'candidateStatus'], [KINGDEE, 'moveToTalentPool'], [KINGDEE, 'followUpReminder']]) {
      expect([target, effect, delivered(target, effect).length]).toEqual([target, effect, 50]);
    }
    expect(deliveries.filter((d: Json) => d.target.id === KINGDEE && d.effect === 'candidateStatus')).toEqual([]); // no echo of the status

    // DingTalk: one status change per DingTalk candidate, one archive per DingTalk interview (its own ids, found by phone and time).
    const dingtalk = await h.sandboxCall('GET', '/_sandbox/dingtalk/state');
    for (const p of list) {
      expect([p.dingtalkCandidate, dingtalk.deliveryStatuses.filter((d: Json) => d.deliverUserId === p.dingtalkCandidate).length]).toEqual([p.dingtalkCandidate, 1]);
      expect([p.dingtalkInterview, dingtalk.aiInterviewInfos.filter((d: Json) => d.body.interviewId === p.dingtalkInterview).length]).toEqual([p.dingtalkInterview, 1]);
    }
    // YonBIP: each candidate's status written once under YonBIP's id.
    const bip = await h.sandboxCall('GET', '/_sandbox/yonyou/bip/state');
    for (const p of list) {
      const writes = bip.resubmits.filter((r: Json) => r.api === 'updateCandidate' && r.body.data?.id === p.bipCandidate);
      expect([p.bipCandidate, writes.map((w: Json) => w.applied)]).toEqual([p.bipCandidate, [1]]);
    }

    // K/3 itself: one 潜在候选人 row and one 请跟进后续意向 reminder to the recruiter per candidate.
    const pool = (await k3Rows('PAEZ_TalentPool')).filter((r) => r.FCandidateNumber?.startsWith('K3C-A'));
    expect(pool.map((r) => r.FCandidateNumber).sort()).toEqual(list.map((p) => p.k3Candidate).sort());
    expect(pool.every((r) => r.FPool === '潜在候选人')).toBe(true);
    const reminders = (await k3Rows('PAEZ_FollowUp')).filter((r) => r.FCandidateNumber?.startsWith('K3C-A'));
    expect(reminders.map((r) => r.FCandidateNumber).sort()).toEqual(list.map((p) => p.k3Candidate).sort());
    expect(reminders.every((r) => r.FRecruiter === 'K3U-chenjing' && String(r.FMessage).includes('请跟进后续意向'))).toBe(true);

    // Written in batches: far fewer calls than rows.
    const poolSaves = await k3Saves('PAEZ_TalentPool');
    const reminderSaves = await k3Saves('PAEZ_FollowUp');
    expect(poolSaves.some((s) => s.api === 'BatchSave' && modelsOf(s).length > 1)).toBe(true);
    expect(poolSaves.length).toBeLessThan(25);
    expect(reminderSaves.length).toBeLessThan(25);
    expect(reminderSaves.flatMap(modelsOf)).toHaveLength(50); // no reminder row sent twice

    // The refused row: its delivery failed once naming the candidate and was retried alone; no other row was sent again.
    const timesSent = (candidate: string) => poolSaves.flatMap(modelsOf).filter((m) => m.FCandidateNumber === candidate).length;
    expect(list.filter((p) => p !== refused).every((p) => timesSent(p.k3Candidate) === 1)).toBe(true);
    expect(timesSent(refused.k3Candidate)).toBe(2);
    const refusedDelivery = delivered(KINGDEE, 'moveToTalentPool').filter((d: Json) => d.attempts > 1);
    expect(refusedDelivery).toHaveLength(1);
    expect(refusedDelivery[0]).toMatchObject({ attempts: 2 });
    expect(refusedDelivery[0].history.map((x: Json) => x.message ?? '').join(' ')).toContain(refused.k3Candidate);
  }, 240_000);

  it('renews a session lost when a BatchSave arrives once, and writes every row once', async () => {
    const list = people('B', 10, Date.now() + 5 * 86_400_000);
    await seedSystems(list);
    const loginsBefore = (await h.sandboxCall('GET', '/_sandbox/kingdee/k3/records?api=LoginBySign')).length;
    await h.sandboxCall('POST', '/_sandbox/kingdee/k3/sessions/expire', { beforeOp: 'BatchSave' });
    await cancelInKingdee(list, 'KD-BATCH-20261130-02');
    const deliveries = await settledBatch(list, 'KD-BATCH-20261130-02');
    expect(deliveries.filter((d: Json) => !['delivered', 'skipped'].includes(d.status))).toEqual([]);

    const saves = [...(await k3Saves('PAEZ_TalentPool')), ...(await k3Saves('PAEZ_FollowUp'))].filter((s) => modelsOf(s).some((m) => String(m.FCandidateNumber).startsWith('K3C-B')));
    // The calls that met the lost session (the BatchSave that arrived first, and any other in flight with it) were
    // refused whole and sent once more on one new session.
    const lost = saves.filter((s) => s.outcome === 'error');
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(lost.every((s) => s.response.Result.ResponseStatus.MsgCode === 1)).toBe(true);
    const keysOf = (save: Json) => modelsOf(save).map((m) => m.FHubKey).sort().join();
    for (const refused of lost) expect(saves.filter((s) => s.outcome === 'ok' && keysOf(s) === keysOf(refused))).toHaveLength(1);
    expect((await h.sandboxCall('GET', '/_sandbox/kingdee/k3/records?api=LoginBySign')).length).toBe(loginsBefore + 1);
    for (const formId of ['PAEZ_TalentPool', 'PAEZ_FollowUp']) {
      const rows = (await k3Rows(formId)).filter((r) => String(r.FCandidateNumber).startsWith('K3C-B'));
      expect([formId, rows.map((r) => r.FCandidateNumber).sort()]).toEqual([formId, list.map((p) => p.k3Candidate).sort()]);
    }
  }, 120_000);
});
