import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FaultInjector, type FaultResponse } from './fault-injector.service';
import { RecordStore } from './record-store.service';

/** What a vendor simulator sees of a request before its handler runs. */
export interface GateRequest {
  method: string;
  path: string;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface GateRefusal {
  status: number;
  contentType: string;
  body: string;
  outcome: string;
  /** Extra headers of the refusal, e.g. Retry-After on a 429. */
  headers?: Record<string, string>;
}

/** A vendor simulator's say over its own paths: naming the API, throttling, banning. */
export interface VendorTraffic {
  readonly vendor: string;
  /** Undefined when the path does not belong to this vendor. */
  route(method: string, path: string): { api?: string; kind: string } | undefined;
  admit(request: GateRequest): GateRefusal | undefined;
  /** Extra facts worth recording, e.g. which app a token belongs to. */
  describe?(request: GateRequest): Record<string, unknown> | undefined;
  /** `error` for an answer that is a refusal although its HTTP status is 2xx (an error code in the envelope). */
  outcome?(status: number, response: unknown): 'ok' | 'error';
}

interface CallContext {
  vendor: string;
  owner?: VendorTraffic;
  api?: string;
  kind: string;
  gate: GateRequest;
  outcome?: string;
  detail?: Record<string, unknown>;
  /** Run the handler, then close the connection instead of answering (fault `loseAnswer`). */
  loseAnswer?: boolean;
}

export const CONTROL_PREFIX = '/_sandbox';

/**
 * Installs, before any route exists, the hooks every simulated call goes through:
 * injected faults first, then the vendor's own throttling/ban rules, then the handler; and on the way out,
 * one record per call with its request and response bodies.
 */
export function installTrafficGate(
  fastify: FastifyInstance,
  faults: FaultInjector,
  records: RecordStore,
  vendors: VendorTraffic[],
): void {
  const contexts = new WeakMap<FastifyRequest, CallContext>();

  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (path.startsWith(CONTROL_PREFIX)) return;
    const gate: GateRequest = {
      method: request.method,
      path,
      ip: request.ip,
      headers: request.headers,
      query: (request.query ?? {}) as Record<string, unknown>,
      body: request.body,
    };
    const owner = vendors.map((v) => ({ v, route: v.route(request.method, path) })).find((x) => x.route);
    const context: CallContext = {
      vendor: owner?.v.vendor ?? 'unknown',
      owner: owner?.v,
      api: owner?.route?.api,
      kind: owner?.route?.kind ?? 'other',
      gate,
      detail: owner?.v.describe?.(gate),
    };
    contexts.set(request, context);

    const fault = faults.take(request.method, path);
    if (fault?.loseAnswer) {
      context.loseAnswer = true;
    } else if (fault) {
      context.outcome = 'fault';
      await sendFault(reply, fault);
      return reply;
    }
    const refusal = owner?.v.admit(gate);
    if (refusal) {
      context.outcome = refusal.outcome;
      reply.code(refusal.status).header('content-type', refusal.contentType);
      for (const [name, value] of Object.entries(refusal.headers ?? {})) reply.header(name, value);
      reply.send(refusal.body);
      return reply;
    }
    return undefined;
  });

  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const context = contexts.get(request);
    if (!context) return payload;
    const response = parseMaybeJson(payload);
    records.add({
      vendor: context.vendor,
      kind: context.kind,
      api: context.api,
      method: context.gate.method,
      path: context.gate.path,
      query: context.gate.query,
      body: context.gate.body,
      status: reply.statusCode,
      response,
      outcome: context.loseAnswer ? 'answer_lost' : (context.outcome ?? context.owner?.outcome?.(reply.statusCode, response) ?? outcomeOf(reply.statusCode, response)),
      detail: context.detail,
    });
    if (context.loseAnswer) request.raw.socket.destroy();
    return payload;
  });
}

async function sendFault(reply: FastifyReply, fault: FaultResponse): Promise<void> {
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  reply.code(fault.status);
  for (const [name, value] of Object.entries(fault.headers ?? {})) reply.header(name, value);
  if (typeof fault.body === 'string') {
    if (!fault.headers?.['content-type']) {
      reply.header('content-type', fault.body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain');
    }
    reply.send(fault.body);
  } else {
    reply.header('content-type', 'application/json').send(JSON.stringify(fault.body ?? {}));
  }
}

function parseMaybeJson(payload: unknown): unknown {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function outcomeOf(status: number, response: unknown): string {
  if (status >= 400) return 'error';
  if (typeof response === 'object' && response !== null) {
    const errcode = (response as Record<string, unknown>).errcode;
    if (typeof errcode === 'number' && errcode !== 0) return 'error';
  }
  return 'ok';
}
