import { join } from 'node:path';
import { OutboundPolicy, type Connection } from '@hub/connector-sdk';
import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { YonyouNcConnector } from '@hub/connectors/yonyou';
import type { CancellationEvent } from '@hub/schema';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../../apps/vendor-sandbox/src/sandbox-options';
import { call, REPO_ROOT } from '../support/hub-harness';

/** The NC connector against the NC simulator (uapws SOAP), through the shared conformance suite. */
let sandbox: SandboxApp;
const seed = loadSeedFile(join(REPO_ROOT, 'apps', 'vendor-sandbox', 'seed', 'yonyou-nc.example.json'));
const security = seed.yonyou!.nc!.security!;
const FQN = 'nc.itf.hr.recruit.IInterviewSyncService';
/** The sandbox is on loopback, which the hub's outbound policy allows only when hub.yaml says so (as the demo's does). */
const outbound = new OutboundPolicy({ allow: ['127.0.0.1'] });

/** Which demo-interface operation each effect goes through (the connection's `operations`). */
const OPERATION = { candidateStatus: 'syncInterviewCancel', archiveInterview: 'archiveInterview', tagTalentPool: 'tagCandidate' } as const;

function connection(password = security.password): Connection {
  const write = (operation: string) => ({ interface: FQN, operation, args: { arg0: '{{json}}', arg1: '{{idempotencyKey}}' } });
  return {
    tenantId: 'contract',
    id: 'yonyou-nc',
    connector: 'yonyou-nc',
    credentials: { username: security.username, password },
    settings: {
      baseUrl: sandbox.url,
      auth: 'wsse',
      urc: { datasource: 'nc65', userCode: 'hub', langCode: 'simpchn' },
      operations: {
        candidateStatus: write(OPERATION.candidateStatus),
        archiveInterview: write(OPERATION.archiveInterview),
        tagTalentPool: write(OPERATION.tagTalentPool),
        queryCancelled: { interface: FQN, operation: 'queryCancelledInterviews', args: { arg0: '{{json}}' } },
      },
    },
  };
}

async function nc(method: string, path: string, body?: unknown) {
  const res = await call<any>(`${sandbox.url}/_sandbox/yonyou/nc${path}`, method, body, {});
  if (res.status >= 400) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describeConnectorConformance(
  'yonyou-nc',
  async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
    let n = 0;
    /** A cancellation from another system naming NC's own ids of a candidate and interview nothing was written for yet. */
    const freshEvent = async (): Promise<CancellationEvent> => {
      n++;
      return {
        schemaVersion: 1,
        id: `01JNCC0000000000000000${String(n).padStart(4, '0')}`,
        tenantId: 'contract',
        source: { system: 'api', connectionId: 'api', mode: 'api', receivedAt: new Date().toISOString() },
        occurredAt: new Date().toISOString(),
        interview: {
          key: `api:iv-conf-${n}-${Date.now()}`,
          externalIds: { 'yonyou-nc': `NC-IV-CONF-${n}` },
          kind: 'onsite',
          scheduledStart: new Date(Date.now() + 2 * 86_400_000).toISOString(),
          position: { id: 'NC-JOB-SALES', title: '销售经理' },
          interviewers: [{ externalIds: { 'yonyou-nc': 'NC-PSN-0101' }, name: '王经理' }],
        },
        candidate: { externalIds: { 'yonyou-nc': `NC-CAND-CONF-${n}` }, name: `候选人${n}`, phone: `1370000${String(n).padStart(4, '0')}` },
        cancellation: { reason: { code: 'candidate_withdrew', detail: 'other_offer', sourceValue: '候选人已接受其他offer' }, initiatedBy: { type: 'recruiter', id: 'hr-chenjing' } },
        statusBefore: 'scheduled',
        statusAfter: 'cancelled',
      };
    };

    return {
      connector: new YonyouNcConnector({ outbound }),
      connection: connection(),
      prepareCancelled: async () => {
        const row = await nc('POST', '/cancelled-interviews', { pk_interview: `NC-IV-PREP-${Date.now()}`, pk_candidate: 'NC-CAND-PREP', candidate_name: '周杰', cancel_reason: '岗位暂停' });
        return [row.pk_candidate];
      },
      sampleEvent: freshEvent,
      effectParams: { candidateStatus: { status: '7' }, tagTalentPool: { tags: ['2026年11月取消面试-岗位:销售经理', '原因:候选人已接受其他offer'] } },
      // Counted from what NC applied: writes of the effect's operation for this interview, one per idempotency key
      // (NC answers a repeated key without applying it again).
      applications: async (effect) => {
        const state = await nc('GET', '/state');
        const op = OPERATION[effect.type as keyof typeof OPERATION];
        return state.writes.filter((w: { operation: string; data: { interview?: { key?: string } } }) => w.operation === op && w.data.interview?.key === effect.event.interview.key).length;
      },
      // NC answers a server error with a SOAP Server fault. NC documents no throttling: a gateway in front of it
      // answering HTTP 429 is what the connector maps (NC.md "Errors"; a fault text is covered by settings faultRules).
      failNext: async (kind, times) => {
        const fault =
          kind === 'server_error'
            ? { kind: 'soapFault', faultcode: 'Server', faultstring: 'java.lang.RuntimeException: 数据库连接已关闭' }
            : { kind: 'http', status: 429, body: 'Too Many Requests', headers: { 'retry-after': '1' } };
        await nc('POST', '/faults', { ...fault, times });
      },
      refusedCredentials: () => ({ connector: new YonyouNcConnector({ outbound }), connection: connection('wrong-password') }),
    };
  },
  async () => {
    await sandbox?.close();
  },
);
