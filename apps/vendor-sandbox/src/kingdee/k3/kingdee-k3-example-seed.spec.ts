import { join } from 'node:path';
import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import { loadSeedFile, type SandboxSeed } from '../../sandbox-options';
import { k3Sign } from './kingdee-k3-api.controller';
import { AUTH, call, FORM } from './kingdee-k3.test-kit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEEDS = join(__dirname, '..', '..', '..', 'seed');

/** Logs in by LoginBySign with the seed's first account and queries `form` as the connector does. */
async function queryAs(base: string, seed: SandboxSeed, form: string, fieldKeys: string, filter: string): Promise<unknown> {
  const a = seed.kingdee!.k3!.accounts![0];
  const ts = String(Math.floor(Date.now() / 1000));
  const login = (await call(base, `${AUTH}LoginBySign.common.kdsvc`, { parameters: [a.acctId, a.user, a.appId, ts, k3Sign([a.acctId, a.user, a.appId, a.appSecret, ts], 'sha256'), 2052] })).body as Json;
  expect(login).toMatchObject({ LoginResultType: 1 });
  const q = { FormId: form, FieldKeys: fieldKeys, FilterString: filter, OrderString: 'FNumber ASC' };
  return (await call(base, `${FORM}ExecuteBillQuery.common.kdsvc`, { parameters: [q] }, { 'kdservice-sessionid': login.KDSVCSessionId })).body;
}

describe.each([
  ['kingdee-k3.example.json', [['K3IV-1002', 'B-2026-11-30-01'], ['K3IV-1003', 'B-2026-11-30-01']], 'K3C-1002'],
  // The demo starts quiet: no interview, cancelled or not; the demo tenant's kingdee-main finds the people by phone.
  ['demo.seed.json', [], 'K3C-0002'],
])('K/3 Cloud simulator with seed/%s', (file, cancelled, lina) => {
  const seed = loadSeedFile(join(SEEDS, file));
  let sandbox: SandboxApp;
  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
  });
  afterAll(() => sandbox.close());

  it('logs in by sign, lists the cancelled interviews with their batch, finds a candidate by phone', async () => {
    expect(await queryAs(sandbox.url, seed, 'PAEZ_Interview', 'FNumber,FBatchId', "FStatus = 'CANCELLED'")).toEqual(cancelled);
    expect(await queryAs(sandbox.url, seed, 'PAEZ_Candidate', 'FNumber', "FPhone = '13900139002'")).toEqual([[lina]]);
    const state = (await (await fetch(`${sandbox.url}/_sandbox/kingdee/k3/state`)).json()) as Json;
    for (const form of ['PAEZ_TalentPool', 'PAEZ_FollowUp', 'PAEZ_InterviewArchive']) expect(state.forms[form]).toEqual({ keyField: 'FHubKey', rows: [] });
  });
});
