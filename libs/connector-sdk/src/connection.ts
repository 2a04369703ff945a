/**
 * One configured link between a tenant and a vendor account. The hub passes it into every
 * connector call: connectors keep no per-tenant state of their own.
 */
export interface Connection {
  tenantId: string;
  /** Unique within the tenant, e.g. `dingtalk-main`. */
  id: string;
  /** The connector's registered id, e.g. `dingtalk`. */
  connector: string;
  /** Decrypted credential values, keyed by the names the connector declares. */
  credentials: Readonly<Record<string, string>>;
  /** Connector-specific settings, validated against the connector's settings schema at load. */
  settings: Readonly<Record<string, unknown>>;
}

/** A credential field a connector needs; validation, encryption at rest and log redaction all read this. */
export interface CredentialField {
  name: string;
  secret: boolean;
  required: boolean;
  description: string;
}
