import type { IncomingMessage } from 'node:http';
import type { IServices, ISoapFaultError } from 'soap';
import type { YonyouNcStateService } from './yonyou-nc-state.service';
import { simpleName } from './yonyou-nc-wsdl';
import type { NcWsdlOperation } from './yonyou-nc-wsdl';
import { NC_QUERY_OPERATION, NC_WRITE_OPERATIONS, type NcAnswer, type NcWriteOperation, type YonyouNcSeed } from './yonyou-nc.types';

/** What one SOAP call did, noted by the handler for the gate's record (the gate sees only bytes). */
export interface NcCall {
  operation?: string;
  args?: Record<string, unknown>;
  username?: string;
  urc?: unknown;
  answer?: NcAnswer;
  duplicate?: boolean;
  fault?: { faultcode: string; faultstring: string };
  /** An injected fault answered instead of the handler, or the answer is to be lost. */
  injected?: string;
}

/** The demo interface's operations and their string arguments, in WSDL order. */
export const NC_DEMO_OPERATIONS: NcWsdlOperation[] = [
  ...NC_WRITE_OPERATIONS.map((name) => ({ name, args: ['arg0', 'arg1'] })),
  { name: NC_QUERY_OPERATION, args: ['arg0'] },
];

/** OASIS WSS SOAP Message Security 1.0, §12: the fault for a token that cannot be authenticated. */
const FAILED_AUTHENTICATION = { faultcode: 'wsse:FailedAuthentication', faultstring: 'The security token could not be authenticated or authorized' };

type Headers = { Security?: { UsernameToken?: { Username?: unknown; Password?: unknown } }; Urc?: unknown } | undefined;

function passwordOf(p: unknown): string | undefined {
  if (typeof p === 'string') return p;
  const value = (p as { $value?: unknown } | undefined)?.$value;
  return typeof value === 'string' ? value : undefined;
}

function fault(call: NcCall, f: { faultcode: string; faultstring: string }): ISoapFaultError {
  call.fault = f;
  return { Fault: { ...f, statusCode: 500 } as ISoapFaultError['Fault'] };
}

/**
 * The soap `services` object of the demo interface: each operation notes the call, checks the WS-Security
 * UsernameToken when the seed asks for one, and answers `{return: "<JSON>"}`.
 */
export function ncServices(fqn: string, state: YonyouNcStateService, seed: () => YonyouNcSeed, calls: WeakMap<IncomingMessage, NcCall>): IServices {
  const name = simpleName(fqn);
  const handler = (operation: string) => (args: Record<string, unknown>, _cb: unknown, headers: Headers, req: IncomingMessage) => {
    const call = calls.get(req) ?? {};
    const token = headers?.Security?.UsernameToken;
    Object.assign(call, { operation, args, urc: headers?.Urc, username: typeof token?.Username === 'string' ? token.Username : undefined });
    const security = seed().security;
    if (security && (token?.Username !== security.username || passwordOf(token?.Password) !== security.password)) throw fault(call, FAILED_AUTHENTICATION);
    if (operation === NC_QUERY_OPERATION) {
      call.answer = state.query(args?.arg0);
    } else {
      const { answer, duplicate } = state.write(operation as NcWriteOperation, args?.arg0, args?.arg1);
      Object.assign(call, { answer, duplicate });
    }
    return { return: JSON.stringify(call.answer) };
  };
  const port = Object.fromEntries(NC_DEMO_OPERATIONS.map((op) => [op.name, handler(op.name)]));
  return { [name]: { [`${name}Port`]: port } };
}

/** The `{http://ws.uap.nc/lang}Urc` header NC puts on its answers (a public caller's capture: datasource, userCode, langCode). */
export function urcHeader(urc: NonNullable<YonyouNcSeed['urc']>): string {
  const field = (k: string, v: string | undefined) => (v ? `<ns0:${k}>${escapeXml(v)}</ns0:${k}>` : '');
  return `<ns0:Urc xmlns:ns0="http://ws.uap.nc/lang">${field('datasource', urc.datasource)}${field('userCode', urc.userCode)}${field('langCode', urc.langCode)}</ns0:Urc>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
