import { createHash, timingSafeEqual } from 'node:crypto';
import type { Connection } from '@hub/connector-sdk';
import type { ConnectionConfig, LoadedConfig, TenantConfig } from './config.types';

/** The tenants of the loaded config, with the lookups the API and the pipeline need. */
export class TenantDirectory {
  private readonly tenants = new Map<string, TenantConfig>();
  private readonly keyDigests: { digest: Buffer; tenantId: string; name: string }[] = [];

  constructor(config: LoadedConfig) {
    for (const t of config.tenants) {
      this.tenants.set(t.id, t);
      for (const k of t.apiKeys) this.keyDigests.push({ digest: digest(k.key), tenantId: t.id, name: k.name });
    }
  }

  get(tenantId: string): TenantConfig | undefined {
    return this.tenants.get(tenantId);
  }

  require(tenantId: string): TenantConfig {
    const t = this.tenants.get(tenantId);
    if (!t) throw new Error(`tenant "${tenantId}" is not configured`);
    return t;
  }

  all(): TenantConfig[] {
    return [...this.tenants.values()];
  }

  connectionConfig(tenantId: string, connectionId: string): ConnectionConfig | undefined {
    return this.tenants.get(tenantId)?.connections.find((c) => c.id === connectionId);
  }

  /** The SDK view of a connection: what connectors receive. */
  connection(tenantId: string, connectionId: string): Connection | undefined {
    const c = this.connectionConfig(tenantId, connectionId);
    if (!c) return undefined;
    return { tenantId, id: c.id, connector: c.connector, credentials: c.credentials, settings: c.settings };
  }

  /** Which tenant an API key belongs to; compares digests in constant time. */
  authenticate(apiKey: string): { tenantId: string; keyName: string } | undefined {
    const d = digest(apiKey);
    const hit = this.keyDigests.find((k) => timingSafeEqual(k.digest, d));
    return hit ? { tenantId: hit.tenantId, keyName: hit.name } : undefined;
  }

  /** Every secret value in the config, for log redaction. */
  secretValues(secretFieldsOf: (connector: string) => string[]): string[] {
    const out: string[] = [];
    for (const t of this.tenants.values()) {
      out.push(...t.apiKeys.map((k) => k.key));
      for (const c of t.connections) {
        for (const name of secretFieldsOf(c.connector)) if (c.credentials[name]) out.push(c.credentials[name]);
      }
    }
    return out;
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
