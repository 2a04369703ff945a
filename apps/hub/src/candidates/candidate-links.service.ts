import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { TenantDirectory } from '@hub/config';
import { Repositories, isFact, type LinkRecord } from '@hub/persistence';
import { IdentityService } from '@hub/pipeline';

export interface LinkInput {
  connectionId: string;
  externalId: string;
}

function linkView(l: LinkRecord) {
  return { connectionId: l.connectionId, externalId: l.externalId, source: l.source, at: l.at };
}

/** `GET/PUT /v1/candidates/{id}/links`: a candidate's ids in each connected system, and adding one by hand. */
@Injectable()
export class CandidateLinksService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(IdentityService) private readonly identity: IdentityService,
  ) {}

  /** The id a candidate is known by now: a record merged into another answers as that one. */
  currentId(tenantId: string, candidateId: string): Promise<string> {
    return this.identity.canonical(tenantId, 'candidate', candidateId, true);
  }

  async list(tenantId: string, requestedId: string) {
    const candidateId = await this.currentId(tenantId, requestedId);
    await this.mustExist(tenantId, candidateId);
    const all = await this.repos.links.forHubId(tenantId, 'candidate', candidateId);
    const forward = all.filter((l) => l.dir === 'f');
    return {
      candidateId,
      links: forward.filter((l) => !isFact(l)).map(linkView),
      facts: forward.filter((l) => isFact(l)).map((l) => ({ kind: l.connectionId.slice(1), value: l.externalId, source: l.source, at: l.at })),
    };
  }

  /**
   * Ties each `{connectionId, externalId}` to the candidate. All or nothing: an id that already belongs to
   * another candidate, or a connection where this candidate already has another id, refuses the whole
   * request (409) naming it. Deliveries waiting for one of these links resume at once.
   */
  async add(tenantId: string, requestedId: string, links: LinkInput[], actor: string) {
    const candidateId = await this.currentId(tenantId, requestedId);
    await this.mustExist(tenantId, candidateId);
    const tenant = this.tenants.require(tenantId);
    const problems: string[] = [];
    for (const l of links) {
      if (!tenant.connections.some((c) => c.id === l.connectionId)) throw new BadRequestException(`connectionId "${l.connectionId}" is not a connection of this tenant (known: ${tenant.connections.map((c) => c.id).join(', ')})`);
      const owner = await this.identity.hubIdOf({ tenantId, connectionId: l.connectionId, kind: 'candidate', externalId: l.externalId });
      if (owner && owner !== candidateId) problems.push(`${l.connectionId}:${l.externalId} already belongs to candidate ${owner}`);
      const current = await this.identity.externalIdOf(tenantId, 'candidate', candidateId, l.connectionId);
      if (current && current !== l.externalId) problems.push(`this candidate is already ${current} in ${l.connectionId}`);
    }
    if (problems.length) throw new ConflictException({ message: 'no link was added', problems });
    for (const l of links) {
      const conflict = await this.identity.link({ tenantId, connectionId: l.connectionId, kind: 'candidate', externalId: l.externalId }, candidateId, 'api');
      if (conflict) throw new ConflictException({ message: `${l.connectionId}:${l.externalId} was linked to candidate ${conflict.otherHubId} meanwhile`, problems: [] });
    }
    await this.repos.audit.record(tenantId, `api:${actor}`, 'candidate.linked', candidateId, links.map((l) => `${l.connectionId}:${l.externalId}`).join(', '));
    return this.list(tenantId, candidateId);
  }

  private async mustExist(tenantId: string, candidateId: string): Promise<void> {
    if (!(await this.repos.candidates.findById(tenantId, candidateId))) throw new NotFoundException(`no candidate ${candidateId} in this tenant`);
  }
}
