import type { Connection, Connector, LinkKind, ResolveHints } from '@hub/connector-sdk';
import type { JsonLogger } from '@hub/config';
import { HubMetrics } from '@hub/runtime';
import { sampleEvent } from '../../../../libs/schema/src/testing/sample-cancellation-event';
import type { IdentityService } from './identity.service';
import { TargetViewService } from './target-view.service';

/** An identity store that knows nothing yet and records the links made. */
function emptyIdentity(links: string[]): IdentityService {
  return {
    externalIdOf: async () => undefined,
    factsOf: async () => ({ phone: '13800138001' }),
    link: async (k: { kind: string; externalId: string }, hubId: string) => void links.push(`${k.kind}:${k.externalId}→${hubId}`),
  } as unknown as IdentityService;
}

describe('TargetViewService', () => {
  const conn: Connection = { tenantId: 't', id: 'beisen-main', connector: 'beisen', credentials: {}, settings: {} };

  it('shares one vendor lookup among the effects of one cancellation building their view at once, and asks again later', async () => {
    const asked: LinkKind[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const connector = {
      id: 'beisen',
      capabilities: { resolves: ['candidate', 'interview'] },
      resolve: async (kind: LinkKind, _hints: ResolveHints) => {
        asked.push(kind);
        await gate;
        return { externalId: `${kind}-1` };
      },
    } as unknown as Connector;
    const links: string[] = [];
    const service = new TargetViewService(emptyIdentity(links), { event: () => undefined } as unknown as JsonLogger, new HubMetrics());
    const base = sampleEvent();
    const event = { ...base, candidate: { ...base.candidate, hubId: 'cand-hub-1' }, interview: { ...base.interview, hubId: 'iv-hub-1' } };
    const views = Array.from({ length: 3 }, () => service.build(event, conn, connector, ['candidate', 'interview']));
    await new Promise((r) => setImmediate(r));
    release();
    const built = await Promise.all(views);
    expect(asked).toEqual(['candidate', 'interview']);
    for (const v of built) expect([v.event.candidate.externalIds[conn.id], v.event.interview.externalIds[conn.id], v.missing]).toEqual(['candidate-1', 'interview-1', []]);
    await service.build(event, conn, connector, ['candidate']);
    expect(asked).toEqual(['candidate', 'interview', 'candidate']);
  });
});
