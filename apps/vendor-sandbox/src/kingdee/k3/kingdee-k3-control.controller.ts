import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { RecordStore, type SandboxRecord } from '../../common/record-store.service';
import { K3_VENDOR } from './kingdee-k3-gate.service';
import { KingdeeK3StateService } from './kingdee-k3-state.service';
import { DEFAULT_K3_SETTINGS, type K3RowError, type K3SimulatorSettings } from './kingdee-k3.types';

type Json = Record<string, unknown>;

function body(raw: unknown): Json {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new BadRequestException('body must be a JSON object');
  return raw as Json;
}

/** Test and demo control of the K/3 Cloud simulator; not part of K/3's API (connectors/kingdee/K3.md "Simulator"). */
@Controller('_sandbox/kingdee/k3')
export class KingdeeK3ControlController {
  constructor(
    private readonly state: KingdeeK3StateService,
    private readonly records: RecordStore,
  ) {}

  @Get('state')
  snapshot(): Json {
    return {
      settings: this.state.settings,
      sessions: this.state.counts(),
      forms: Object.fromEntries([...this.state.forms].map(([id, f]) => [id, { keyField: f.keyField, rows: f.rows }])),
      rowErrors: this.state.rowErrors,
    };
  }

  @Get('records')
  listRecords(@Query('kind') kind?: string, @Query('api') api?: string, @Query('since') since?: string): SandboxRecord[] {
    const after = since === undefined || since === '' ? undefined : Number(since);
    return this.records.list({ vendor: K3_VENDOR, kind, api, since: after });
  }

  /**
   * Every live session is lost: the next form call answers as a lost session does. With `{afterCalls: n}` the next
   * n form calls are answered first (to lose the session in the middle of a paged poll or a run of saves); with
   * `{beforeOp: "BatchSave"}` the sessions are lost when the next call of that operation arrives.
   */
  @Post('sessions/expire')
  @HttpCode(200)
  expire(@Body() raw: unknown): { expired: number; beforeOp?: string } {
    const b = (raw ?? {}) as { afterCalls?: unknown; beforeOp?: unknown };
    if (b.beforeOp !== undefined) {
      if (typeof b.beforeOp !== 'string' || !b.beforeOp) throw new BadRequestException('beforeOp must name a DynamicFormService operation, e.g. BatchSave');
      this.state.expireSessionsBefore(b.beforeOp);
      return { expired: 0, beforeOp: b.beforeOp };
    }
    const after = Number(b.afterCalls ?? 0);
    if (!Number.isInteger(after) || after < 0) throw new BadRequestException('afterCalls must be a whole number');
    return { expired: this.state.expireSessionsAfter(after) };
  }

  @Post('settings')
  @HttpCode(200)
  settings(@Body() raw: unknown): K3SimulatorSettings {
    const b = body(raw);
    for (const k of Object.keys(b)) if (!(k in DEFAULT_K3_SETTINGS)) throw new BadRequestException(`unknown setting ${k}`);
    this.state.settings = { ...this.state.settings, ...(b as Partial<K3SimulatorSettings>) };
    return this.state.settings;
  }

  /** `{formId, keyField?, rows:[…]}`: inserts rows (or merges by the key field), e.g. a batch of cancelled interviews. */
  @Post('rows')
  @HttpCode(200)
  rows(@Body() raw: unknown): { rows: Json[] } {
    const b = body(raw);
    if (typeof b.formId !== 'string' || !Array.isArray(b.rows)) throw new BadRequestException('need formId and rows[]');
    const kf = typeof b.keyField === 'string' ? b.keyField : undefined;
    return { rows: (b.rows as Json[]).map((r) => this.state.insert(b.formId as string, { ...r }, kf).row) };
  }

  /**
   * `{formId, key, message, field?, fieldName?, times?}`: saves of a row whose `field` (default the form's key field)
   * holds `key` fail with `message` as a per-row error, `times` times (default 1).
   */
  @Post('row-errors')
  @HttpCode(200)
  rowError(@Body() raw: unknown): K3RowError {
    const b = body(raw);
    if (typeof b.formId !== 'string' || typeof b.key !== 'string' || typeof b.message !== 'string') throw new BadRequestException('need formId, key, message');
    const armed: K3RowError = {
      formId: b.formId,
      key: b.key,
      message: b.message,
      times: Number(b.times ?? 1),
      ...(typeof b.field === 'string' ? { field: b.field } : {}),
      ...(typeof b.fieldName === 'string' ? { fieldName: b.fieldName } : {}),
    };
    this.state.rowErrors.push(armed);
    return armed;
  }
}
