import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { RecordStore, type SandboxRecord } from '../../common/record-store.service';
import { YonyouNcFaultsService, type NcFaultInput } from './yonyou-nc-faults.service';
import { YonyouNcStateService } from './yonyou-nc-state.service';
import { NC_DEMO_OPERATIONS } from './yonyou-nc-services';
import { NC_DEMO_INTERFACE, NC_SERVICE_PATH, type NcCancelledInterview, type NcFault } from './yonyou-nc.types';

/** Test and demo control of the NC simulator; not part of NC. */
@Controller('_sandbox/yonyou/nc')
export class YonyouNcControlController {
  constructor(
    private readonly state: YonyouNcStateService,
    private readonly faults: YonyouNcFaultsService,
    private readonly records: RecordStore,
  ) {}

  /** The interface served, the cancelled interviews the query returns, the writes applied (one per idempotency key), repeats answered. */
  @Get('state')
  snapshot(): Record<string, unknown> {
    return {
      interface: NC_DEMO_INTERFACE,
      wsdl: `${NC_SERVICE_PATH}/${NC_DEMO_INTERFACE}?wsdl`,
      operations: NC_DEMO_OPERATIONS.map((o) => o.name),
      security: !!this.state.settings.security,
      ...this.state.snapshot(),
      faults: this.faults.list(),
    };
  }

  /** What the simulator received: `kind` soap|wsdl, `api` = operation, `since` = a record seq. */
  @Get('records')
  list(@Query() q: Record<string, string | undefined>): SandboxRecord[] {
    return this.records.list({ vendor: 'yonyou-nc', kind: q.kind, api: q.api, since: q.since === undefined ? undefined : Number(q.since) });
  }

  /** A cancelled interview for the query to return (`pk_candidate` required; `ts`, `cancel_time` default to now). */
  @Post('cancelled-interviews')
  @HttpCode(200)
  addCancelled(@Body() body: unknown): NcCancelledInterview {
    return this.state.addCancelled((body && typeof body === 'object' ? body : {}) as Record<string, unknown>);
  }

  /**
   * The next `times` calls (of `operation`, default any) answer: `soapFault` (`faultcode` Client|Server|…, `faultstring`,
   * HTTP 500), `http` (`status`, `body`, `headers`: a gateway page instead of SOAP), `slow` (the normal answer after
   * `delayMs`) or `loseAnswer` (applied, then the connection closes). `delayMs` delays any kind.
   */
  @Post('faults')
  @HttpCode(200)
  addFault(@Body() body: NcFaultInput): NcFault {
    return this.faults.add(body ?? {});
  }

  @Get('faults')
  listFaults(): NcFault[] {
    return this.faults.list();
  }

  @Delete('faults')
  clearFaults(): { cleared: true } {
    this.faults.clear();
    return { cleared: true };
  }

  /** Back to the seed: NC's state and faults (records stay; read them with `since`). */
  @Post('reset')
  @HttpCode(200)
  reset(): { reset: true } {
    this.state.load();
    this.faults.clear();
    return { reset: true };
  }
}
