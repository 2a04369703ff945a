import type { Connection } from '@hub/connector-sdk';

/**
 * Which candidate each recruitment flow belongs to (null: DingTalk knows no candidate for it), per connection.
 * A flow's candidate never changes, so discovery reads a flow's info once. Bounded: least recently used first out.
 */
export class FlowCandidateCache {
  private readonly map = new Map<string, string | null>();

  constructor(private readonly capacity = 100_000) {}

  private static key(conn: Pick<Connection, 'tenantId' | 'id'>, flowId: string): string {
    return `${conn.tenantId}/${conn.id}/${flowId}`;
  }

  get(conn: Pick<Connection, 'tenantId' | 'id'>, flowId: string): string | null | undefined {
    const k = FlowCandidateCache.key(conn, flowId);
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }

  set(conn: Pick<Connection, 'tenantId' | 'id'>, flowId: string, candidateId: string | null): void {
    const k = FlowCandidateCache.key(conn, flowId);
    this.map.delete(k);
    this.map.set(k, candidateId);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
}
