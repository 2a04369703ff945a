import { ConnectorError, type Connection, type Effect, type EffectType, type Receipt } from '@hub/connector-sdk';
import type { U8AddResult, U8ApiClient } from './u8-api.client';
import { buildRecord, businessKey, templateValues } from './u8-record.builder';
import { resolveU8Settings, U8_EFFECTS, type U8EffectType } from './u8-settings';

/** Effects U8 cannot take, with the reason shown to operators. */
export const U8_UNSUPPORTED_EFFECTS: Partial<Record<EffectType, string>> = {
  tagTalentPool: 'U8 has no recruiting or talent-pool object (its HR APIs are person archives, job info, salary and attendance)',
  moveToTalentPool: 'U8 has no recruiting or talent-pool object (its HR APIs are person archives, job info, salary and attendance)',
  notify: 'U8 OpenAPI sends no messages to people',
  followUpReminder: 'U8 OpenAPI sends no messages to people',
  deliverEvent: 'deliverEvent is the generic webhook target effect; U8 has no endpoint that accepts a hub event',
};

function isU8Effect(type: EffectType): type is U8EffectType {
  return (U8_EFFECTS as readonly string[]).includes(type);
}

/**
 * Writes an effect as one record of the resource the connection maps it to (see U8.md "Idempotency"): the record's
 * code is derived from the delivery's idempotency key; the record is looked up by that code first (an earlier
 * attempt's write ends here as `duplicate`), then added with a fresh tradeid and, if asynchronous, followed to its
 * result. U8 keeps archive codes unique, so an add racing an earlier, still pending one is refused as a duplicate.
 */
export class U8EffectApplier {
  constructor(private readonly client: U8ApiClient) {}

  async apply(effect: Effect, conn: Connection): Promise<Receipt> {
    if (!isU8Effect(effect.type)) throw new ConnectorError('PERMANENT', `effect ${effect.type} is not supported by U8: ${U8_UNSUPPORTED_EFFECTS[effect.type] ?? 'no U8 resource for it'}`);
    if (effect.type === 'candidateStatus' && !effect.params.status) {
      throw new ConnectorError('INVALID', 'candidateStatus needs params.status (the tenant mapping statusValues.cancelled) to write into U8');
    }
    const settings = resolveU8Settings(conn);
    const mapping = settings.effects[effect.type];
    const code = businessKey(effect, settings.businessKey);
    const fields = buildRecord(effect.type, mapping, templateValues(effect, conn, code));
    const where = `U8 ${mapping.resource} ${mapping.keyField}=${code}`;

    if (settings.precheck && (await this.client.findRecord(conn, mapping, code))) {
      return { outcome: 'duplicate', externalRef: code, detail: `${where} already exists: an earlier attempt of this delivery wrote it` };
    }
    const submitted = await this.client.add(conn, mapping, fields, code);
    const result: U8AddResult =
      submitted.state === 'accepted'
        ? await this.client.followResult(conn, submitted, `U8 ${mapping.resource}/add`)
        : { outcome: submitted.outcome, id: submitted.id, tradeid: submitted.tradeid, errmsg: submitted.errmsg, polls: 0 };
    if (result.outcome === 'duplicate') {
      return { outcome: 'duplicate', externalRef: code, detail: `${where} already exists (${result.errmsg ?? 'U8 refused the code as taken'}): an earlier attempt wrote it` };
    }
    const how = submitted.state === 'accepted' ? `asynchronous add, result after ${result.polls} poll(s)` : 'synchronous add';
    return { outcome: 'applied', externalRef: result.id ?? code, detail: `${where} added (${how}, tradeid ${result.tradeid ?? '-'})` };
  }
}
