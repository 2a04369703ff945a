import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry, type Connection, type Connector } from '@hub/connector-sdk';
import { TenantDirectory } from '@hub/config';
import { Repositories, SecretCipher, type DeliveryRecord } from '@hub/persistence';

/** A delivery's target that no longer exists: nothing can ever be delivered there. */
export class TargetGoneError extends Error {}

/** The connector and connection a delivery goes to; subscriptions become connections of the subscription connector, their sealed secret opened. */
@Injectable()
export class DeliveryTargets {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SecretCipher) private readonly cipher: SecretCipher,
  ) {}

  async of(d: DeliveryRecord): Promise<{ connector: Connector; conn: Connection }> {
    const connector = this.registry.get(d.target.connector);
    if (d.target.kind === 'connection') {
      const conn = this.tenants.connection(d.tenantId, d.target.id);
      if (!conn) throw new TargetGoneError(`connection ${d.target.id} is no longer configured for tenant ${d.tenantId}`);
      return { connector, conn };
    }
    const sub = await this.repos.subscriptions.find(d.tenantId, d.target.id);
    if (!sub || !sub.active) throw new TargetGoneError(`subscription ${d.target.id} no longer exists`);
    if (!connector.subscriptions) throw new TargetGoneError(`the ${connector.id} connector does not serve subscriptions`);
    const { credentials, settings } = connector.subscriptions.connectionFor({ url: sub.url, eventTypes: sub.eventTypes }, this.cipher.decrypt(sub.sealedSecret));
    return { connector, conn: { tenantId: d.tenantId, id: sub._id, connector: connector.id, credentials, settings } };
  }
}
