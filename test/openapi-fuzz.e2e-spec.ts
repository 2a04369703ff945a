import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_API_KEY, HubHarness, REPO_ROOT } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';

/** Installed by scripts/test.sh (pinned, from PyPI); SCHEMATHESIS_BIN points elsewhere. */
const SCHEMATHESIS = process.env.SCHEMATHESIS_BIN ?? join(REPO_ROOT, '.run', 'tools', 'schemathesis', 'bin', 'schemathesis');
/** Cases per operation: bounded so the run takes about a minute on two cores. */
const MAX_EXAMPLES = Number(process.env.HUB_FUZZ_EXAMPLES ?? 25);
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];

/** Runs `cmd` in `cwd` (schemathesis keeps its state in the working directory: never the repository). */
function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Acceptance (issue 6, strict input): schemathesis generates valid and invalid requests for every operation
 * of the served OpenAPI document (authenticated as the demo tenant) and checks each answer: no 5xx, every
 * status declared, every body in its declared content type and schema.
 */
/**
 * schemathesis.toml for the run: the path ids of records that exist (a cancellation with its candidate and inbox
 * record, a subscription, the demo connection), so generated requests reach the handlers' logic, not only 404s.
 */
function existingRecords(ids: { cancellation: string; candidate: string; inbox: string; subscription: string }): string {
  const fixed = (path: string, params: Record<string, string>) =>
    `[[operations]]\ninclude-path = "${path}"\nparameters = { ${Object.entries(params).map(([k, v]) => `"path.${k}" = "${v}"`).join(', ')} }\n`;
  return [
    fixed('/v1/cancellations/{id}', { id: ids.cancellation }),
    fixed('/v1/cancellations/{id}/replay', { id: ids.cancellation }),
    fixed('/v1/candidates/{id}', { id: ids.candidate }),
    fixed('/v1/candidates/{id}/links', { id: ids.candidate }),
    fixed('/v1/inbox/{id}', { id: ids.inbox }),
    fixed('/v1/subscriptions/{id}', { id: ids.subscription }),
    fixed('/v1/subscriptions/{id}/enable', { id: ids.subscription }),
    fixed('/webhooks/{tenantId}/{connectionId}', { tenantId: 'demo', connectionId: 'dingtalk-main' }),
  ].join('\n');
}

describe('the served OpenAPI document under generated input', () => {
  let h: HubHarness;
  const subscriber = new TestSubscriber();

  beforeAll(async () => {
    if (!existsSync(SCHEMATHESIS)) throw new Error(`${SCHEMATHESIS} is missing: scripts/test.sh installs it (npm test), or set SCHEMATHESIS_BIN`);
    // The generated requests are many; the API key's rate limit is not what this test is about.
    h = await HubHarness.start({ schedules: false, env: { HUB_LIMIT_API_PER_KEY: '1000000', HUB_LIMIT_API_UNAUTHENTICATED_PER_IP: '1000000' } });
  });

  afterAll(async () => {
    await h?.close();
    await subscriber.close();
  });

  it('answers every generated request without a 5xx and within its declared responses', async () => {
    await subscriber.start();
    const subscription = await h.subscribe(subscriber.url);
    subscriber.secret = subscription.secret;
    const created = await h.api('POST', '/v1/cancellations', {
      interview: { connectionId: 'dingtalk-main', externalId: 'iv-demo-1002', position: { title: '销售经理' } },
      candidate: { externalId: 'cand-fuzz', name: '王芳' },
      reason: { code: 'candidate_withdrew', detail: 'other_offer' },
      initiatedBy: { type: 'candidate' },
    });
    expect(created.status).toBe(202);
    const cancellation = await h.settled(created.body.id);
    const workdir = mkdtempSync(join(tmpdir(), 'hub-fuzz-'));
    writeFileSync(join(workdir, 'schemathesis.toml'), existingRecords({ cancellation: cancellation.id, candidate: cancellation.candidateId, inbox: created.body.inboxId, subscription: subscription.id }));
    const { code, output } = await run(SCHEMATHESIS, [
      'run',
      `${h.hub.url}/docs-json`,
      '--url',
      h.hub.url!,
      '--checks',
      CHECKS.join(','),
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      '20261130',
      '--workers',
      '2',
      '--phases',
      'examples,coverage,fuzzing',
      '--header',
      `Authorization: Bearer ${DEMO_API_KEY}`,
      '--generation-database',
      'none',
      '--no-color',
    ], workdir);
    if (code !== 0) throw new Error(`schemathesis exited with ${code}:\n${output.slice(-20_000)}`);
    // The run really exercised the API: every operation of the document, hundreds of cases.
    const doc = (await (await fetch(`${h.hub.url}/docs-json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(operations).toBeGreaterThanOrEqual(18);
    expect(Number(/Tested: (\d+)/.exec(output)?.[1])).toBe(operations);
    expect(Number(/(\d+) generated/.exec(output)?.[1])).toBeGreaterThan(300);
  }, 600_000);
});
