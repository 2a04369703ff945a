import { newUlid } from '@hub/schema';
import type { InboxOutcomeRepository } from './inbox-outcome.repository';
import type { InboxPendingRepository, PendingIngest } from './inbox-pending.repository';
import { ingestBacklog, PENDING_TRIM_MARGIN_MS } from './ingest-backlog';

const NOW = new Date('2026-11-30T12:00:00.000Z');

function stores(pendingIds: string[], settledIds: string[]) {
  const pending = { all: async () => pendingIds.map((_id) => ({ _id }) as PendingIngest) } as unknown as InboxPendingRepository;
  const outcomes = { idsFrom: async (from: string) => new Set(settledIds.filter((id) => id >= from)) } as unknown as InboxOutcomeRepository;
  return [pending, outcomes] as const;
}

/** An id made `ago` ms before NOW. */
const made = (ago: number) => newUlid(NOW.getTime() - ago);

describe('ingestBacklog', () => {
  it('is empty with nothing pending', async () => {
    expect(await ingestBacklog(...stores([], []), NOW)).toEqual({ unsettled: [] });
  });

  it('lists the entries without an outcome, and trims up to the oldest of them', async () => {
    const ids = [made(300_000), made(200_000), made(100_000), made(90_000)];
    const backlog = await ingestBacklog(...stores(ids, [ids[0], ids[1], ids[3]]), NOW);
    expect(backlog).toEqual({ unsettled: [{ _id: ids[2] }], trimBefore: ids[2] });
  });

  it('trims settled entries only once they are older than the margin', async () => {
    const ids = [made(PENDING_TRIM_MARGIN_MS + 5_000), made(PENDING_TRIM_MARGIN_MS - 5_000), made(1_000)];
    const backlog = await ingestBacklog(...stores(ids, ids), NOW);
    expect(backlog.unsettled).toEqual([]);
    expect(ids[0] < backlog.trimBefore! && backlog.trimBefore! <= ids[1]).toBe(true);
  });

  it('trims nothing when the oldest entry is unsettled or too recent', async () => {
    const stuck = [made(300_000), made(200_000)];
    expect((await ingestBacklog(...stores(stuck, [stuck[1]]), NOW)).trimBefore).toBeUndefined();
    const recent = [made(1_000)];
    expect(await ingestBacklog(...stores(recent, recent), NOW)).toEqual({ unsettled: [] });
  });
});
