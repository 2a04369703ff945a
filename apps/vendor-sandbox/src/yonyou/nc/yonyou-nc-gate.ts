import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { FaultInjector, FaultResponse } from '../../common/fault-injector.service';
import type { RecordStore } from '../../common/record-store.service';
import type { YonyouNcFaultsService } from './yonyou-nc-faults.service';
import { escapeXml, type NcCall } from './yonyou-nc-services';
import type { NcFault } from './yonyou-nc.types';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface NcGateDeps {
  /** The service paths soap serves (`/uapws/service/<FQN>`); anything else, even under /uapws, is Fastify's. */
  served: string[];
  faults: YonyouNcFaultsService;
  shared: FaultInjector;
  records: RecordStore;
  calls: WeakMap<IncomingMessage, NcCall>;
}

const MAX_BODY = 5 * 1024 * 1024;
const NAMESPACES: Record<string, string> = { wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd' };

/**
 * Puts itself in front of every `request` listener of the server (soap's, which hands everything else to Fastify),
 * because SOAP calls never reach Fastify's hooks: for the served services it applies injected faults (the shared
 * `/_sandbox/faults` by path, NC's own list by operation), then lets soap answer, and records every call under
 * vendor `yonyou-nc`. Every other request goes on untouched.
 */
export function installNcGate(server: Server, deps: NcGateDeps): void {
  const downstream = server.listeners('request').slice() as Listener[];
  server.removeAllListeners('request');
  const forward: Listener = (req, res) => downstream.forEach((l) => l.call(server, req, res));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0].replace(/\/$/, '');
    // Only served services: the gate reads the body, which Fastify could then no longer read.
    if (!deps.served.includes(path)) return forward(req, res);
    handle(req, res, path, forward, deps).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, path: string, forward: Listener, deps: NcGateDeps): Promise<void> {
  const call: NcCall = {};
  deps.calls.set(req, call);
  const body = req.method === 'POST' ? await readBody(req) : undefined;
  // soap reads a body already read by a middleware (`req.body`) instead of the stream, which this gate consumed.
  if (body) Object.assign(req, { body });
  call.operation = body ? operationOf(body.toString('utf8')) : undefined;
  recordWhenDone(req, res, path, call, deps.records);

  const shared = deps.shared.take(req.method ?? 'GET', path);
  const own = body ? deps.faults.take(call.operation) : undefined;
  const delay = shared?.delayMs ?? own?.delayMs ?? 0;
  if (delay) await new Promise((r) => setTimeout(r, delay));
  if (shared?.loseAnswer || own?.kind === 'loseAnswer') {
    call.injected = 'loseAnswer';
    loseAnswer(req, res);
    return forward(req, res);
  }
  if (shared) return sendShared(res, shared, call);
  if (own?.kind === 'soapFault') return sendSoapFault(res, own, call);
  if (own?.kind === 'http') return sendHttp(res, own, call);
  forward(req, res);
}

/** The operation a SOAP request calls: the first element inside `Body`. */
export function operationOf(xml: string): string | undefined {
  return /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/.exec(xml)?.[1];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      resolve(req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
    });
    req.on('error', reject);
  });
}

/** The call is handled (a write is applied) but the connection closes instead of answering. */
function loseAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.write = (() => true) as ServerResponse['write'];
  res.end = (() => {
    req.socket.destroy();
    return res;
  }) as ServerResponse['end'];
}

function sendShared(res: ServerResponse, fault: FaultResponse, call: NcCall): void {
  call.injected = 'shared';
  const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? {});
  res.writeHead(fault.status, { 'content-type': typeof fault.body === 'string' ? 'text/html; charset=utf-8' : 'application/json', ...(fault.headers ?? {}) });
  res.end(body);
}

function sendHttp(res: ServerResponse, fault: NcFault, call: NcCall): void {
  call.injected = 'http';
  res.writeHead(fault.status, { 'content-type': 'text/html; charset=utf-8', ...fault.headers });
  res.end(fault.body);
}

/** A SOAP 1.1 fault as CXF-based uapws writes it (a public caller's capture: `<soap:Fault><faultcode>soap:Client</faultcode>…`). */
function sendSoapFault(res: ServerResponse, fault: NcFault, call: NcCall): void {
  call.injected = 'soapFault';
  call.fault = { faultcode: fault.faultcode, faultstring: fault.faultstring };
  const prefix = fault.faultcode.split(':')[0];
  const xmlns = prefix !== 'soap' ? ` xmlns:${prefix}="${NAMESPACES[prefix] ?? 'urn:x-nc-sandbox'}"` : '';
  const xml =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    `<soap:Fault${xmlns}><faultcode>${escapeXml(fault.faultcode)}</faultcode><faultstring>${escapeXml(fault.faultstring)}</faultstring></soap:Fault>` +
    '</soap:Body></soap:Envelope>';
  res.writeHead(fault.status, { 'content-type': 'text/xml; charset=utf-8', ...fault.headers });
  res.end(xml);
}

function recordWhenDone(req: IncomingMessage, res: ServerResponse, path: string, call: NcCall, records: RecordStore): void {
  let done = false;
  const record = (): void => {
    if (done) return;
    done = true;
    const lost = call.injected === 'loseAnswer';
    records.add({
      vendor: 'yonyou-nc',
      kind: req.method === 'GET' ? 'wsdl' : 'soap',
      api: call.operation,
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(new URL(req.url ?? '/', 'http://nc').searchParams),
      body: call.args ? { operation: call.operation, args: call.args, username: call.username, urc: call.urc } : undefined,
      status: lost ? undefined : res.statusCode,
      response: call.fault ?? call.answer,
      outcome: lost ? 'answer_lost' : call.injected ? 'fault' : call.fault ? 'soap_fault' : call.duplicate ? 'duplicate' : call.answer?.success === false || res.statusCode >= 400 ? 'error' : 'ok',
      detail: call.injected ? { injected: call.injected } : undefined,
    });
  };
  res.on('finish', record);
  res.on('close', record);
}
