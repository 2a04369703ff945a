import { createCipheriv, randomBytes } from 'node:crypto';
import { encryptionKeyId, subscriptionSecretBinding } from '@hub/persistence';
import { resealSecretsCommand } from '../apps/tools/src/reseal-secrets.command';
import { configCopy } from './support/config-copy';
import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

/** Only the subscribers are targets here (the DingTalk connection applies no effect), so every delivery is one we see. */
const subscribersOnly = () => configCopy((tenant) => (tenant.connections[0].effects = []));

const cancel = (h: HubHarness, externalId: string) =>
  h.api('POST', '/v1/cancellations', {
    interview: { connectionId: 'dingtalk-main', externalId, position: { title: '销售经理' }, interviewers: [{ externalId: 'mgr-liuyang' }] },
    candidate: { externalId: 'cand-zhangwei', name: '张伟', email: 'zhang.wei@example.com' },
    reason: { code: 'position_changed', detail: 'hiring_paused' },
    initiatedBy: { type: 'system' },
  });

/** A secret in the hub's first format (`v1.<iv>.<tag>.<ct>`: no key id, no binding), as a database from before key ids holds it. */
function legacySeal(key: string, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), data.toString('base64')].join('.');
}

async function reseal(h: HubHarness): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await resealSecretsCommand(h.env(), (l) => lines.push(l));
  return { code, out: lines.join('\n') };
}

/**
 * Acceptance: rotating HUB_ENCRYPTION_KEY keeps every subscription delivering — with the new key current and the
 * old one in HUB_ENCRYPTION_KEYS_OLD, then after `npm run secrets:reseal`, with the new key alone.
 */
describe('encryption key rotation', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const configDir = subscribersOnly();
  const subscribers = [new TestSubscriber(), new TestSubscriber(), new TestSubscriber(), new TestSubscriber()];
  let h: HubHarness | undefined;

  const restart = async (env: Record<string, string>, keepData = true) => {
    await h?.close();
    h = await HubHarness.start({ name: 'rotation', schedules: false, configDir, keepData, env });
    return h;
  };
  const sealedSecrets = async (hub: HubHarness) => (await hub.repos.subscriptions.model.find({}).sort({ _id: 1 }).lean()).map((s) => s.sealedSecret);
  const everyoneHas = (n: number, of = subscribers) =>
    waitFor(`${n} signed deliveries at each of ${of.length} subscribers`, () => of.every((s) => s.acceptedIds().length === n) || undefined);

  beforeAll(async () => {
    for (const s of subscribers) await s.start();
  });

  afterAll(async () => {
    await h?.close();
    for (const s of subscribers) await s.close();
  });

  it('delivers to every subscription before, during and after the change of key', async () => {
    const [s1, s2, s3, s4] = subscribers;
    // 1. the old key alone; one subscription still holds its secret in the legacy format
    let hub = await restart({ HUB_ENCRYPTION_KEY: oldKey }, false);
    for (const s of [s1, s2, s3]) s.secret = (await hub.subscribe(s.url)).secret;
    const legacy = (await hub.api('GET', '/v1/subscriptions')).body.items.find((s: { url: string }) => s.url === s3.url).id;
    await hub.repos.subscriptions.model.updateOne({ _id: legacy }, { $set: { sealedSecret: legacySeal(oldKey, s3.secret) } });
    expect((await cancel(hub, 'iv-demo-1001')).status).toBe(202);
    await everyoneHas(1, [s1, s2, s3]);

    // 2. the new key seals, the old one still opens (hub and worker restarted with both)
    hub = await restart({ HUB_ENCRYPTION_KEY: newKey, HUB_ENCRYPTION_KEYS_OLD: oldKey });
    s4.secret = (await hub.subscribe(s4.url)).secret;
    const formats = (await sealedSecrets(hub)).map((v) => (v.startsWith('v1.') ? 'v1' : v.split('.').slice(0, 2).join('.')));
    expect(formats.sort()).toEqual(['v1', ...[oldKey, oldKey, newKey].map((k) => `v2.${encryptionKeyId(k)}`)].sort());
    expect((await cancel(hub, 'iv-demo-1002')).status).toBe(202);
    await everyoneHas(2, [s1, s2, s3]);
    await everyoneHas(1, [s4]);

    // 3. the re-seal moves every secret to the new key, bound to its subscription; a second run has nothing to do
    const first = await reseal(hub);
    expect(first.out).toContain(`re-sealing every sealed secret under key ${encryptionKeyId(newKey)}`);
    expect(first.out).toContain('done: re-sealed 3, already current 1, failed 0');
    expect(first.code).toBe(0);
    expect((await sealedSecrets(hub)).every((v) => v.startsWith(`v2.${encryptionKeyId(newKey)}.`))).toBe(true);
    const second = await reseal(hub);
    expect([second.code, second.out.split('\n').pop()]).toEqual([0, 'done: re-sealed 0, already current 4, failed 0']);
    expect(first.out + second.out).not.toContain(s1.secret);

    // 4. the old key dropped: everything still delivers
    hub = await restart({ HUB_ENCRYPTION_KEY: newKey });
    expect((await cancel(hub, 'iv-demo-1003')).status).toBe(202);
    await everyoneHas(3, [s1, s2, s3]);
    await everyoneHas(2, [s4]);
    for (const s of subscribers) expect(s.received.every((r) => r.signatureValid && r.status === 200)).toBe(true);
  }, 120_000);
});

/** Acceptance: a sealed secret copied to another subscription does not open there: that delivery goes dead saying why, the other one is delivered. */
describe('a sealed secret moved to another record', () => {
  let h: HubHarness;
  const a = new TestSubscriber();
  const b = new TestSubscriber();

  beforeAll(async () => {
    h = await HubHarness.start({ name: 'moved', schedules: false, configDir: subscribersOnly() });
    await a.start();
    await b.start();
  });

  afterAll(async () => {
    await h?.close();
    await a.close();
    await b.close();
  });

  it('does not open: the delivery fails with a clear error and nothing is sent; the re-seal reports it and exits non-zero', async () => {
    const subA = await h.subscribe(a.url);
    const subB = await h.subscribe(b.url);
    a.secret = subA.secret;
    b.secret = subA.secret; // were the moved secret used, b would even accept what it signs
    const sealedA = (await h.repos.subscriptions.find('demo', subA.id))?.sealedSecret;
    await h.repos.subscriptions.model.updateOne({ _id: subB.id }, { $set: { sealedSecret: sealedA } });

    const created = await cancel(h, 'iv-demo-1001');
    expect(created.status).toBe(202);
    const detail = await h.settled(created.body.id);
    const to = (id: string) => detail.deliveries.find((d: { target: { id: string } }) => d.target.id === id);
    expect(to(subA.id)).toMatchObject({ status: 'delivered' });
    expect(to(subB.id)).toMatchObject({
      status: 'dead',
      lastError: { kind: 'PERMANENT', message: `the sealed secret of ${subscriptionSecretBinding(subB.id)} does not open: it was sealed for another record, or altered` },
    });
    expect(a.acceptedIds()).toHaveLength(1);
    expect(b.received).toHaveLength(0);

    const { code, out } = await reseal(h);
    expect(out).toContain(`failed: ${subscriptionSecretBinding(subB.id)}: the sealed secret of ${subscriptionSecretBinding(subB.id)} does not open`);
    expect(out).toContain('done: re-sealed 0, already current 1, failed 1');
    expect(code).toBe(1);
    expect((await h.repos.subscriptions.find('demo', subB.id))?.sealedSecret).toBe(sealedA); // left as it was
  });
});
