import { ConnectorError, type Connection, type Effect, type Receipt } from '@hub/connector-sdk';
import { effectVariables } from './nc-effect.payload';
import { readResult } from './nc-result';
import { resolveSettings, NC_WRITE_KEYS, type NcWriteKey } from './nc-settings';
import type { NcSoapClients } from './nc-soap.client';
import { renderArgs } from './nc-template';

/** Effects NC has no operation for in this connector, with the reason shown to operators. */
export const NC_UNSUPPORTED_EFFECTS = {
  moveToTalentPool: 'NC publishes no talent-pool service; a tenant interface for it is not part of this connector (tag the candidate instead)',
  notify: 'NC has no messaging service the hub could call; notify people through DingTalk or the hub\'s own channels',
  followUpReminder: 'NC has no messaging service the hub could call',
  deliverEvent: 'deliverEvent is the generic webhook target effect',
} as const;

function isWrite(type: Effect['type']): type is NcWriteKey {
  return (NC_WRITE_KEYS as readonly string[]).includes(type);
}

/**
 * Applies an effect through the operation the connection configures for it: argument templates rendered from the
 * effect (the idempotency key among them, so NC drops a repeat), the `<return>` read as configured.
 */
export class NcEffectApplier {
  constructor(private readonly clients: NcSoapClients) {}

  async apply(effect: Effect, conn: Connection): Promise<Receipt> {
    if (!isWrite(effect.type)) throw new ConnectorError('PERMANENT', `effect ${effect.type} is not supported by yonyou-nc: ${NC_UNSUPPORTED_EFFECTS[effect.type as keyof typeof NC_UNSUPPORTED_EFFECTS]}`);
    const settings = resolveSettings(conn);
    const op = settings.operations[effect.type];
    if (!op) return { outcome: 'not_applicable', detail: `connection ${conn.id} configures no NC operation for ${effect.type} (settings operations.${effect.type})` };
    if (effect.type === 'candidateStatus' && !effect.params.status) {
      throw new ConnectorError('INVALID', `candidateStatus needs NC's own status value: set mapping.statusValues.cancelled of connection ${conn.id}`);
    }
    if (effect.type === 'tagTalentPool' && !effect.params.tags?.length) return { outcome: 'not_applicable', detail: 'no tags to write' };
    const args = renderArgs(op.args, effectVariables(effect, conn));
    const where = `NC ${op.interface}.${op.operation}`;
    const result = readResult(await this.clients.call(conn, settings, op.interface, op.operation, args), op.result, where);
    return {
      outcome: result.duplicate ? 'duplicate' : 'applied',
      ...(result.ref ? { externalRef: result.ref } : {}),
      detail: `${where}${result.message ? `: ${result.message}` : ''}`,
    };
  }
}
