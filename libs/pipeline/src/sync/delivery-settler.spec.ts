import type { DeliveryRecord, Repositories } from '@hub/persistence';
import { DeliverySettler } from './delivery-settler';

function settlerWith(statuses: DeliveryRecord['status'][]) {
  const set: string[] = [];
  const repos = {
    deliveries: { forCancellation: async () => statuses.map((status) => ({ status })) },
    cancellations: { setSyncStatus: async (_id: string, s: string) => void set.push(s) },
  } as unknown as Repositories;
  return { settler: new DeliverySettler(repos), set };
}

describe('DeliverySettler', () => {
  it('settles once no delivery is in flight, to what the deliveries add up to', async () => {
    const { settler, set } = settlerWith(['delivered', 'uncertain', 'skipped']);
    expect(await settler.settle('c-1')).toBe('uncertain');
    expect(set).toEqual(['uncertain']);
  });

  it('leaves a cancellation syncing while a delivery is in flight', async () => {
    const { settler, set } = settlerWith(['delivered', 'queued']);
    expect(await settler.settle('c-1')).toBeUndefined();
    expect(set).toEqual([]);
  });

  it('never calls a cancellation without deliveries synced unless its fan-out says it planned none', async () => {
    const swept = settlerWith([]);
    expect(await swept.settler.settle('c-1')).toBeUndefined(); // planning may not have run yet (its process died)
    expect(swept.set).toEqual([]);
    const planned = settlerWith([]);
    expect(await planned.settler.settle('c-1', true)).toBe('synced');
    expect(planned.set).toEqual(['synced']);
  });
});
