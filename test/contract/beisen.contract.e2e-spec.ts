import { ConnectorError, type Connection, type Effect, type VendorCancellation } from '@hub/connector-sdk';
import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { BeisenConnector } from '@hub/connectors/beisen';
import type { CancellationEvent } from '@hub/schema';
import { BEISEN_APP, BEISEN_IDS, BEISEN_TENANT, beisenSeed } from '../../apps/vendor-sandbox/src/beisen/beisen.test-kit';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';

/**
 * The Beisen connector (`beisen`) against the Beisen simulator over HTTP: the shared conformance suite, then what only
 * Beisen has: batch paging, both apply forms and the v2 envelope, TransferPhase in batches with per-apply failures, the
 * 3-second duplicate block, 429s waited out, asynchronous writes followed to their result, tokens renewed, and the
 * process check. Counts come from the simulator's state and records.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CONN_ID = 'beisen-main';
const ids = BEISEN_IDS;

let sandbox: SandboxApp;

function connection(settings: Record<string, unknown> = {}, credentials: Record<string, string> = {}): Connection {
  return {
    tenantId: 'contract',
    id: CONN_ID,
    connector: 'beisen',
    credentials: { appId: BEISEN_APP.appId, secret: BEISEN_APP.secret, tenantId: BEISEN_TENANT, ...credentials },
    settings: {
      baseUrl: sandbox.url,
      process: { id: ids.process },
      statuses: { 面试取消: { phaseId: ids.phaseInterview, statusId: ids.statusCancelled } },
      talentPool: { pools: { 潜在候选人: ids.pool } },
      ...settings,
    },
  };
}

async function control(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<any> {
  const res = await fetch(`${sandbox.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const tenant = async (): Promise<Json> => (await control('/_sandbox/beisen/state')).tenants[BEISEN_TENANT];
const records = (api?: string): Promise<Json[]> => control(`/_sandbox/beisen/records${api ? `?api=${api}` : ''}`);

let n = 0;
/** Beisen local time (+08:00) of an instant. */
const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** A new applicant with an apply and a scheduled interview in the simulator, and an event about it under Beisen's ids. */
async function freshEvent(startMs = Date.now() + 2 * 86_400_000 + n * 60_000): Promise<CancellationEvent> {
  n++;
  const applicant = (await control('/_sandbox/beisen/applicants', { name: `候选人F${n}`, mobile: `1370000${String(n).padStart(4, '0')}`, email: `f${n}@example.com` })).applicantId as string;
  const apply = (await control('/_sandbox/beisen/applies', { applicantId: applicant, jobId: 'job-1', jobName: '前端工程师' })).applyId as string;
  const interview = (await control('/_sandbox/beisen/interviews', { applyId: apply, startTime: local(startMs) })).interviewId as string;
  return {
    schemaVersion: 1,
    id: `01JD00000000000000000${String(n).padStart(5, '0')}`,
    tenantId: 'contract',
    source: { system: 'api', connectionId: 'api', mode: 'api', receivedAt: new Date().toISOString() },
    occurredAt: new Date().toISOString(),
    interview: { key: `api:iv-${n}`, externalIds: { api: `iv-${n}`, [CONN_ID]: interview }, kind: 'onsite', scheduledStart: new Date(Math.floor(startMs / 1000) * 1000).toISOString(), position: { title: '前端工程师' }, interviewers: [] },
    candidate: { externalIds: { [CONN_ID]: applicant }, name: `候选人F${n}` },
    cancellation: { reason: { code: 'position_changed', sourceValue: '岗位已关闭' }, initiatedBy: { type: 'recruiter' } },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
  };
}

const applyOf = async (interviewId: string): Promise<string> => (await tenant()).interviews.find((i: Json) => i.interviewId === interviewId).applyId;

/** Distinct Beisen objects an effect wrote: the apply moved, the interview cancelled, the applicant tagged or pooled. */
async function applications(effect: Effect): Promise<number> {
  const t = await tenant();
  const applicant = effect.event.candidate.externalIds[CONN_ID];
  const interview = effect.event.interview.externalIds[CONN_ID];
  switch (effect.type) {
    case 'candidateStatus':
      return t.transfers.filter((x: Json) => x.applyId === t.interviews.find((i: Json) => i.interviewId === interview).applyId).length;
    case 'archiveInterview':
      return t.cancels.filter((x: Json) => x.interviewId === interview).length;
    case 'tagTalentPool':
      return (effect.params.tags ?? []).every((tag) => (t.tags[applicant] ?? []).includes(tag)) ? 1 : 0;
    case 'moveToTalentPool':
      return t.talentPools[ids.pool].applicantIds.filter((a: string) => a === applicant).length;
    default:
      return 0;
  }
}

const effectParams = { candidateStatus: { status: '面试取消' }, tagTalentPool: { tags: ['2026年12月取消面试-岗位:前端工程师', '原因:岗位暂停'] }, moveToTalentPool: { pool: '潜在候选人' } };

describeConnectorConformance(
  'beisen (iTalent)',
  async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { beisen: beisenSeed() } });
    return {
      connector: new BeisenConnector(),
      // No 429 is waited out here, so the kit sees what a throttled call maps to (the waiting is tested below).
      connection: connection({ throttleRetries: 0 }),
      prepareCancelled: async () => [ids.apply(1), ids.apply(2)],
      sampleEvent: () => freshEvent(),
      effectParams,
      applications,
      failNext: async (kind, times) => {
        const response = kind === 'server_error' ? { status: 500, body: { code: 500, message: '系统异常', data: null } } : { status: 429, body: { code: 429, message: '请求过于频繁' }, headers: { 'retry-after': '1' } };
        await control('/_sandbox/faults', { method: 'POST', path: '/RecruitV6/api/v1/*', responses: [response], times });
      },
      refusedCredentials: () => ({ connector: new BeisenConnector(), connection: connection({}, { secret: 'not-the-secret' }) }),
      resolvable: {
        candidate: { hints: { phone: '+86 138-0013-8001' }, externalId: ids.applicant(1), unknown: { phone: '13999999999', email: 'nobody@example.com' } },
        interview: { hints: { candidateId: ids.applicant(3), scheduledStart: '2026-12-02T04:00:00.000Z' }, externalId: ids.interview(3), unknown: { candidateId: ids.applicant(3), scheduledStart: '2026-12-02T05:00:00.000Z' } },
      },
    };
  },
  () => sandbox.close(),
);

describe('beisen contract: paging, batches, blocks, limits, async writes, tokens, process check', () => {
  let connector: BeisenConnector;

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { beisen: beisenSeed({ extraApplies: 250 }) } });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await control('/_sandbox/reset', {});
    connector = new BeisenConnector();
  });

  const changes = (conn: Connection, since = '2026-11-28 00:00:00') => connector.poll(conn, { scope: 'changes', subjects: [], now: new Date('2026-12-01T00:00:00Z'), cursor: JSON.stringify({ since }) });

  it('reads every batch of modified applies (nextBatchId until isLastBatch) and turns the cancelled interviews into events with their apply', async () => {
    await control('/_sandbox/beisen/settings', { batchSize: 100, limits: { list: { perSecond: 1000, perMinute: 100000 }, transferPhase: { perSecond: 50, perMinute: 1500 }, write: { perSecond: 20, perMinute: 1000 } } });
    const conn = connection({ limits: { list: { perSecond: 1000, perMinute: 100000 } } });
    const polled = await changes(conn);
    const batches = await records('Apply/GetApplyListByModifiedTime');
    expect(batches.map((r) => [r.body.batchId || '', r.response.data.items.length, r.response.data.isLastBatch])).toEqual([
      ['', 100, false],
      [batches[1].body.batchId, 100, false],
      [batches[2].body.batchId, 53, true],
    ]);
    expect(batches[0].body).toMatchObject({ startTime: '2026-11-27 23:59:00', endTime: '2026-12-01 08:00:00' });
    expect(polled.events.map((e) => e.externalEventId).sort()).toEqual([`interview:${ids.interview(1)}:cancelled`, `interview:${ids.interview(2)}:cancelled`].sort());
    const parsed = polled.events.flatMap((e) => connector.parse(e, conn)) as VendorCancellation[];
    expect(parsed.find((p) => p.interview.externalId === ids.interview(1))).toMatchObject({ candidate: { externalId: ids.applicant(1), name: '候选人1', phone: '13800138001' }, reasonValue: '岗位已关闭', batchId: 'B-1', interview: { position: { id: 'job-1', title: '前端工程师' } } });
    expect(polled.discovered).toEqual([ids.apply(3)]);
    expect(JSON.parse(polled.cursor!)).toEqual({ since: '2026-12-01 08:00:00' });
    // The interviews of all 253 applies were read, and the details of the two cancelled ones in one call.
    expect(await records('Interview/GetInterviewsByApplyId')).toHaveLength(253);
    expect((await records('Apply/GetApplyListByApplyId')).map((r) => r.body.applyIds.length)).toEqual([2]);
  });

  it('reads the flat apply form and the v2 envelope as it reads the nested form and RecruitV6', async () => {
    await control('/_sandbox/beisen/settings', { applyForm: 'flat', envelope: 'v2' });
    const conn = connection();
    const polled = await connector.poll(conn, { scope: 'subjects', subjects: [ids.apply(1)], now: new Date() });
    expect((await records('Apply/GetApplyListByApplyId'))[0].response).toHaveProperty('Code', 200);
    const [parsed] = connector.parse(polled.events[0], conn) as VendorCancellation[];
    expect(parsed.candidate).toEqual({ externalId: ids.applicant(1), name: '候选人1', phone: '13800138001', email: 'c1@example.com' });
  });

  it('finds by date (sweepInterviewDays) a cancellation that did not stamp its apply, which the changes poll cannot see', async () => {
    await control('/_sandbox/beisen/settings', { interviewTouchesApply: false });
    const now = Date.now();
    const event = await freshEvent(now + 86_400_000);
    const interview = event.interview.externalIds[CONN_ID];
    const conn = connection({ sweepInterviewDays: 3 });
    // The cursor stands minutes after the apply was last stamped (beyond the poll's overlap).
    const later = new Date(now + 10 * 60_000);
    const first = await connector.poll(conn, { scope: 'changes', subjects: [], now: later });
    await control('/_sandbox/beisen/interviews/cancel', { interviewIds: [interview], reason: '时间冲突' });
    const changesOnly = await connector.poll(conn, { scope: 'changes', subjects: [], now: later, cursor: first.cursor });
    expect(changesOnly.events.map((e) => e.externalEventId)).not.toContain(`interview:${interview}:cancelled`);
    const sweep = await connector.poll(conn, { scope: 'sweep', subjects: [], now: later, cursor: first.cursor });
    expect(sweep.events.map((e) => e.externalEventId)).toContain(`interview:${interview}:cancelled`);
    expect((await records('Interview/GetInterviewsByDate')).map((r) => r.body.date)).toHaveLength(3);
    const parsed = sweep.events.flatMap((e) => connector.parse(e, conn)).find((p) => p.kind === 'cancellation' && p.interview.externalId === interview) as VendorCancellation;
    expect(parsed).toMatchObject({ candidate: { externalId: event.candidate.externalIds[CONN_ID] }, reasonValue: '时间冲突' });
  });

  it('moves 120 applies in two TransferPhase calls (100 + 20); an apply Beisen lists as locked fails alone and a retry of it succeeds', async () => {
    const conn = connection({ limits: { list: { perSecond: 1000, perMinute: 100000 } } });
    await control('/_sandbox/beisen/settings', { limits: { list: { perSecond: 1000, perMinute: 100000 }, transferPhase: { perSecond: 50, perMinute: 1500 }, write: { perSecond: 1000, perMinute: 100000 } } });
    const start = Date.now() + 3 * 86_400_000;
    const effects: Effect[] = [];
    for (let i = 0; i < 120; i++) effects.push({ type: 'candidateStatus', idempotencyKey: `tp-${i}`, event: await freshEvent(start + i * 60_000), params: { status: '面试取消' } });
    const locked = await applyOf(effects[7].event.interview.externalIds[CONN_ID]);
    await control('/_sandbox/beisen/transfer-errors', { applyId: locked, list: 'applyLockedApplyIds' });
    const outcomes = await connector.applyBatch(effects, conn);
    expect(outcomes.map((o, i) => (i === 7 ? !o.ok : o.ok && o.receipt.outcome === 'applied'))).toEqual(effects.map(() => true));
    const error = (outcomes[7] as { ok: false; error: Error }).error as ConnectorError;
    expect([error.kind, error.message]).toEqual(['TEMPORARY', expect.stringContaining(`apply ${locked}`)]);
    expect(error.message).toContain('applyLockedApplyIds');
    expect((await records('Apply/TransferPhase')).map((r) => r.body.applyIds.length)).toEqual([100, 20]);
    // The days of the batch were read once each, not once per interview.
    expect((await records('Interview/GetInterviewsByDate')).length).toBeLessThanOrEqual(2);
    await connector.apply(effects[7], conn);
    const t = await tenant();
    const moved = t.applies.filter((a: Json) => a.processStatusId === ids.statusCancelled && a.jobName === '前端工程师' && a.applyId !== ids.apply(1) && a.applyId !== ids.apply(2));
    expect(moved).toHaveLength(120);
    expect(t.transfers.filter((x: Json) => x.applyId === locked)).toHaveLength(1);
  }, 60_000);

  it('takes a write Beisen blocks as a repeat of one it accepted moments ago as a duplicate, never a failure, and moves nothing twice', async () => {
    const conn = connection();
    const event = await freshEvent();
    const status: Effect = { type: 'candidateStatus', idempotencyKey: 'dup-status', event, params: { status: '面试取消' } };
    const archive: Effect = { type: 'archiveInterview', idempotencyKey: 'dup-archive', event, params: {} };
    expect((await connector.apply(status, conn)).outcome).toBe('applied');
    // The hub's retry of a write whose answer it lost, inside Beisen's 3 seconds.
    expect(await new BeisenConnector().apply(status, conn)).toMatchObject({ outcome: 'duplicate' });
    expect((await connector.apply(archive, conn)).outcome).toBe('applied');
    expect(await connector.apply(archive, conn)).toMatchObject({ outcome: 'duplicate' });
    const blocked = (await records()).filter((r) => r.outcome === 'blocked').map((r) => r.api);
    expect(blocked).toEqual(['Apply/TransferPhase', 'Interview/CancelInterview']);
    expect(await applications(status)).toBe(1);
    expect(await applications(archive)).toBe(1);
  }, 30_000);

  it('waits out 429s and sends the call again: the write lands once, nothing fails', async () => {
    const conn = connection();
    const effect: Effect = { type: 'moveToTalentPool', idempotencyKey: 'throttled', event: await freshEvent(), params: { pool: '潜在候选人' } };
    await control('/_sandbox/faults', { method: 'POST', path: '/RecruitV6/api/v1/TalentPool/AddApplicants', responses: [{ status: 429, body: { code: 429, message: '请求过于频繁' } }], times: 2 });
    expect((await connector.apply(effect, conn)).outcome).toBe('applied');
    expect((await records('TalentPool/AddApplicants')).map((r) => r.outcome)).toEqual(['fault', 'fault', 'ok']);
    expect(await applications(effect)).toBe(1);
  }, 30_000);

  it('keeps a burst of one tenant under the simulator’s limit of the list API (no 429)', async () => {
    const conn = connection({ limitShare: 1 });
    await Promise.all(Array.from({ length: 45 }, () => connector.resolve('candidate', { phone: '13800138001' }, conn)));
    const calls = await records('Applicant/GetApplicantListByContact');
    expect(calls).toHaveLength(45);
    expect(calls.filter((r) => r.outcome !== 'ok')).toEqual([]);
  }, 30_000);

  it('follows an asynchronous write through X-PAAS-Request-ID to Success, and reports one that ends Failed with Beisen’s message', async () => {
    const conn = connection();
    const good: Effect = { type: 'tagTalentPool', idempotencyKey: 'tags-ok', event: await freshEvent(), params: effectParams.tagTalentPool };
    const receipt = await connector.apply(good, conn);
    const write = (await records('TalentPool/AddTags'))[0];
    expect(receipt.externalRef).toBe(`TalentPool/AddTags:${write.response.data.requestId}`);
    expect((await records('AsyncApiExecInfo/GetByRequestId')).at(-1)!.response.data.status).toBe('Success');
    expect(await applications(good)).toBe(1);
    const bad: Effect = { type: 'moveToTalentPool', idempotencyKey: 'pool-bad', event: await freshEvent(), params: { pool: '潜在候选人' } };
    await control('/_sandbox/beisen/async-errors', { applicantId: bad.event.candidate.externalIds[CONN_ID], message: '候选人已在黑名单中' });
    const e = await connector.apply(bad, conn).catch((x: unknown) => x as ConnectorError);
    expect([(e as ConnectorError).kind, (e as ConnectorError).message]).toEqual(['INVALID', expect.stringContaining('候选人已在黑名单中')]);
  }, 30_000);

  it('renews a token Beisen stopped accepting once, whichever way expires_in comes', async () => {
    await control('/_sandbox/beisen/settings', { expiresInStyle: 'epoch' });
    const conn = connection();
    await connector.resolve('candidate', { phone: '13800138001' }, conn);
    await control('/_sandbox/beisen/tokens/expire', {});
    expect(await connector.resolve('candidate', { phone: '13800138002' }, conn)).toEqual({ externalId: ids.applicant(2) });
    expect((await records('OAuth/Token')).length).toBe(2);
    expect((await records('Applicant/GetApplicantListByContact')).map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it('stops a connection whose status GUID is not in its process, naming it, before any apply moves', async () => {
    const conn = connection({ statuses: { 面试取消: { phaseId: ids.phaseInterview, statusId: ids.statusRejected } } });
    const e = await connector.poll(conn, { scope: 'changes', subjects: [], now: new Date() }).catch((x: unknown) => x as ConnectorError);
    expect((e as ConnectorError).kind).toBe('PERMANENT');
    expect((e as ConnectorError).message).toContain(`statusId ${ids.statusRejected} is no status of phase 面试`);
    expect((e as ConnectorError).message).toContain(`面试取消=${ids.statusCancelled}`);
    const write = await connector.apply({ type: 'candidateStatus', idempotencyKey: 'bad-config', event: await freshEvent(), params: { status: '面试取消' } }, conn).catch((x: unknown) => x as ConnectorError);
    expect((write as ConnectorError).kind).toBe('PERMANENT');
    expect(await records('Apply/TransferPhase')).toEqual([]);
    expect((await records('Setting/GetProcessConfigById')).length).toBe(1); // a config found wrong is not asked again
  });
});
