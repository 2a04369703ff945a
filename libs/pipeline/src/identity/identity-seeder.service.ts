import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger, TenantDirectory, type IdGroup } from '@hub/config';
import type { LinkKey } from '@hub/persistence';
import { candidateFactKeys } from './identity-facts';
import { IdentityService, type MadeLink } from './identity.service';

/**
 * Seeds the tenant config's identity tables (`identity.candidates`, `interviewers`, `recruiters`,
 * `positions`) into the link store at start, through the same claims as events use: running it again
 * changes nothing, and an id already linked elsewhere is reported as a conflict, not overwritten.
 */
@Injectable()
export class IdentitySeeder {
  constructor(
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async seed(): Promise<number> {
    const created: MadeLink[] = [];
    for (const t of this.tenants.all()) {
      const refs = (kind: string, group: IdGroup): LinkKey[] => Object.entries(group.ids).map(([connectionId, externalId]) => ({ tenantId: t.id, connectionId, kind, externalId }));
      const identity = t.identity ?? { candidates: [], interviewers: [], recruiters: [], positions: [] };
      for (const row of identity.candidates ?? []) await this.identity.claimGroup([...candidateFactKeys(t.id, row), ...refs('candidate', row)], 'config', created);
      for (const [kind, rows] of [['interviewer', identity.interviewers], ['recruiter', identity.recruiters], ['position', identity.positions]] as const) {
        for (const row of rows ?? []) await this.identity.claimGroup(refs(kind, row), 'config', created);
      }
    }
    await this.identity.wake(created);
    if (created.length) this.log.event('info', 'identity.seeded', { links: created.length });
    return created.length;
  }
}
