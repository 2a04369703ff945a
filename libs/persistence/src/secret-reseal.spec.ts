import { randomBytes } from 'node:crypto';
import { subscriptionSecretBinding, type SealedField } from './sealed-fields';
import { SecretCipher } from './secret-cipher';
import { resealSecrets, type SealedValueStore } from './secret-reseal';

const newKey = () => randomBytes(32).toString('base64');

/** The sealed values of one collection in memory; `beforeReplace` lets a test change a record between read and write. */
function memoryStore(values: Record<string, string>, beforeReplace: (id: string) => void = () => undefined): SealedValueStore & { values: Record<string, string> } {
  return {
    values,
    async page(_f: SealedField, afterId: string, limit: number) {
      return Object.keys(values).sort().filter((id) => id > afterId).slice(0, limit).map((id) => ({ id, sealed: values[id] }));
    },
    async replace(_f: SealedField, id: string, previous: string, next: string) {
      beforeReplace(id);
      if (values[id] !== previous) return false;
      values[id] = next;
      return true;
    },
    async current(_f: SealedField, id: string) {
      return values[id];
    },
  };
}

describe('resealSecrets', () => {
  const oldKey = newKey();
  const currentKey = newKey();
  const old = new SecretCipher(oldKey);
  const rotated = new SecretCipher(currentKey, [oldKey]);
  const seal = (c: SecretCipher, id: string, plain = `whsec_${id}`) => c.seal(plain, subscriptionSecretBinding(id));

  it('re-seals every value under the current key, bound to its record; a second run changes nothing', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `sub_${String(i).padStart(4, '0')}`);
    const store = memoryStore(Object.fromEntries(ids.map((id, i) => [id, seal(i % 3 ? old : rotated, id)])));
    const progress: number[] = [];
    const report = await resealSecrets(store, rotated, (r) => progress.push(r.resealed + r.skipped + r.failed));
    expect(report).toEqual({ resealed: 300, skipped: 150, failed: 0, failures: [] });
    expect(progress).toEqual([200, 400, 450]);
    const onlyNew = new SecretCipher(currentKey);
    for (const id of ids) expect(onlyNew.open(store.values[id], subscriptionSecretBinding(id))).toBe(`whsec_${id}`);
    expect(await resealSecrets(store, rotated)).toEqual({ resealed: 0, skipped: 450, failed: 0, failures: [] });
  });

  it('counts values no key opens as failed, names their record, and leaves them as they were', async () => {
    const stranger = seal(new SecretCipher(newKey()), 'sub_2');
    const moved = seal(old, 'sub_1');
    const movedCurrent = seal(rotated, 'sub_1');
    const store = memoryStore({ sub_1: seal(old, 'sub_1'), sub_2: stranger, sub_3: moved, sub_4: movedCurrent });
    const report = await resealSecrets(store, rotated);
    expect(report.resealed).toBe(1);
    expect(report.failed).toBe(3);
    expect(report.failures.map((f) => f.binding)).toEqual(['sub_2', 'sub_3', 'sub_4'].map(subscriptionSecretBinding));
    expect(report.failures[0].reason).toMatch(/does not hold/);
    expect(report.failures[1].reason).toMatch(/another record, or altered/);
    expect(report.failures[2].reason).toMatch(/another record, or altered/); // under the current key already, yet not its own
    expect(store.values.sub_2).toBe(stranger);
    expect(store.values.sub_3).toBe(moved);
    expect(store.values.sub_4).toBe(movedCurrent);
  });

  it('writes only over what it read: a record re-sealed meanwhile is skipped, one changed otherwise is failed', async () => {
    const store = memoryStore({ sub_1: seal(old, 'sub_1'), sub_2: seal(old, 'sub_2') }, (id) => {
      store.values[id] = id === 'sub_1' ? seal(rotated, id) : seal(old, id, 'whsec_other');
    });
    const report = await resealSecrets(store, rotated);
    expect(report).toMatchObject({ resealed: 0, skipped: 1, failed: 1 });
    expect(report.failures[0]).toEqual({ binding: subscriptionSecretBinding('sub_2'), reason: 'changed while being re-sealed: run the re-seal again' });
    expect(old.open(store.values.sub_2, subscriptionSecretBinding('sub_2'))).toBe('whsec_other');
  });
});
