import { BadRequestException, Injectable } from '@nestjs/common';
import { ResetRegistry } from '../../common/reset-registry.service';
import { NC_FAULT_KINDS, type NcFault, type NcFaultKind } from './yonyou-nc.types';

/** What a fault is added with; everything but `kind` has a default. */
export interface NcFaultInput {
  kind?: unknown;
  operation?: unknown;
  faultcode?: unknown;
  faultstring?: unknown;
  status?: unknown;
  body?: unknown;
  headers?: unknown;
  delayMs?: unknown;
  times?: unknown;
}

/**
 * NC's own fault list: the shared FaultInjector answers raw HTTP, but a SOAP fault must be an envelope and is chosen
 * by operation (all operations share one URL). Oldest matching fault first, each for `times` calls.
 */
@Injectable()
export class YonyouNcFaultsService {
  private faults: NcFault[] = [];
  private nextId = 1;

  constructor(resets: ResetRegistry) {
    resets.register(() => this.clear());
  }

  add(input: NcFaultInput): NcFault {
    const kind = input.kind as NcFaultKind;
    if (!NC_FAULT_KINDS.includes(kind)) throw new BadRequestException(`kind must be one of ${NC_FAULT_KINDS.join(', ')}`);
    const times = input.times === undefined ? 1 : Number(input.times);
    if (!Number.isInteger(times) || times < 1) throw new BadRequestException('times must be a positive integer');
    const status = input.status === undefined ? 500 : Number(input.status);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new BadRequestException('status must be an HTTP status');
    const delayMs = input.delayMs === undefined ? (kind === 'slow' ? 2000 : 0) : Number(input.delayMs);
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new BadRequestException('delayMs must be a non-negative number');
    if (input.headers !== undefined && (typeof input.headers !== 'object' || input.headers === null)) throw new BadRequestException('headers must be an object');
    const fault: NcFault = {
      id: this.nextId++,
      kind,
      operation: typeof input.operation === 'string' && input.operation ? input.operation : '*',
      faultcode: qualified(typeof input.faultcode === 'string' && input.faultcode ? input.faultcode : 'Server'),
      faultstring: typeof input.faultstring === 'string' ? input.faultstring : 'java.lang.RuntimeException: 模拟的服务端异常',
      status,
      body: typeof input.body === 'string' ? input.body : '<html><body><h1>HTTP Status 500 - Internal Server Error</h1></body></html>',
      headers: (input.headers as Record<string, string> | undefined) ?? {},
      delayMs,
      remaining: times,
      served: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** The fault for this call, if one matches, consuming one of its uses. */
  take(operation: string | undefined): NcFault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.operation === '*' || f.operation === operation));
    if (!fault) return undefined;
    fault.remaining--;
    fault.served++;
    return fault;
  }

  list(): NcFault[] {
    return this.faults.filter((f) => f.remaining > 0);
  }

  clear(): void {
    this.faults = [];
  }
}

/** `Client` / `Server` as SOAP 1.1 writes them (`soap:Server`); anything with a prefix is kept. */
function qualified(code: string): string {
  return code.includes(':') ? code : `soap:${code}`;
}
