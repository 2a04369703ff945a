import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry, type Connection, type Connector } from '@hub/connector-sdk';
import { TenantDirectory } from '@hub/config';
import { Repositories, SealedSecretError, SecretCipher, subscriptionSecretBinding, type DeliveryRecord, type SubscriptionRecord } from '@hub/persistence';

/** A delivery's target that no longer exists: nothing can ever be delivered there. */
export class TargetGoneError extends Error {}

/** Where a delivery goes; for a subscription also its record as read now (SubscriptionHealth reads its failure clock). */
export interface DeliveryTarget {
  connector: Connector;
  conn: Connection;
  subscription?: SubscriptionRecord;
}

/** The connector and connection a delivery goes to; subscriptions become connections of the subscription connector, their sealed secret opened. */
@Injectable()
export class DeliveryTargets {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SecretCipher) private readonly cipher: SecretCipher,
  ) {}

  async of(d: DeliveryRecord): Promise<DeliveryTarget> {
    const connector = this.registry.get(d.target.connector);
    if (d.target.kind === 'connection') {
      const conn = this.tenants.connection(d.tenantId, d.target.id);
      if (!conn) throw new TargetGoneError(`connection ${d.target.id} is no longer configured for tenant ${d.tenantId}`);
      return { connector, conn };
    }
    const sub = await this.repos.subscriptions.find(d.tenantId, d.target.id);
    if (!sub || !sub.active) throw new TargetGoneError(`subscription ${d.target.id} ${inactiveBecause(sub)}`);
    if (!connector.subscriptions) throw new TargetGoneError(`the ${connector.id} connector does not serve subscriptions`);
    const { credentials, settings } = connector.subscriptions.connectionFor({ url: sub.url, eventTypes: sub.eventTypes }, this.secretOf(sub));
    return { connector, conn: { tenantId: d.tenantId, id: sub._id, connector: connector.id, credentials, settings }, subscription: sub };
  }

  /** A secret that cannot open for its record (moved there, or altered) never will: the delivery goes dead saying so. A key this process lacks is an error retried (a restart with the key heals it). */
  private secretOf(sub: SubscriptionRecord): string {
    try {
      return this.cipher.open(sub.sealedSecret, subscriptionSecretBinding(sub._id));
    } catch (e) {
      if (e instanceof SealedSecretError && e.reason !== 'unknown_key') throw new TargetGoneError(e.message);
      throw e;
    }
  }
}

function inactiveBecause(sub: SubscriptionRecord | null): string {
  if (!sub || !sub.disabledReason || sub.disabledReason === 'deleted') return 'no longer exists';
  return `is disabled (${sub.disabledReason}): POST /v1/subscriptions/${sub._id}/enable turns it back on, then replay sends this delivery`;
}
