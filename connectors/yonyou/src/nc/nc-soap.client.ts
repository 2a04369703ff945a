import axios, { type AxiosInstance } from 'axios';
import { createHash } from 'node:crypto';
import { createClientAsync, WSSecurity, type Client } from 'soap';
import { ConnectorError, OutboundPolicy, OutboundRefusedError, type Connection } from '@hub/connector-sdk';
import { httpError, soapCallError, transportError } from './nc-errors';
import { serviceUrl, type NcSettings } from './nc-settings';

/** `Invalid WSDL URL: <url>\n\n\r Code: <status>`: how soap 1.13 reports a WSDL or schema import it could not fetch. */
const WSDL_FETCH_FAILED = /^Invalid WSDL URL: (\S+)\s+Code: (\d+)/;
const MAX_CLIENTS = 500;

/** The HTTP client soap uses for the WSDL, its imports and the calls: the policy's agents, no proxy, no redirects. */
function policyHttp(policy: OutboundPolicy, timeoutMs: number): AxiosInstance {
  return axios.create({
    httpAgent: policy.httpAgent,
    httpsAgent: policy.httpsAgent,
    proxy: false,
    maxRedirects: 0,
    timeout: timeoutMs,
    maxContentLength: 10 * 1024 * 1024,
    transitional: { clarifyTimeoutError: true },
  });
}

/** Why a WSDL could not become a client, in words that say which URL and what to fix. */
export function wsdlError(e: unknown, wsdlUrl: string, timeoutMs: number): ConnectorError {
  const where = `WSDL ${wsdlUrl}`;
  const m = WSDL_FETCH_FAILED.exec((e as Error)?.message ?? '');
  if (m && m[1] !== wsdlUrl) {
    return new ConnectorError('PERMANENT', `${where} imports ${m[1]}, which answered HTTP ${m[2]}: the WSDL must be self-contained or its imports reachable from the hub`, { ambiguous: false });
  }
  if (m) {
    const err = httpError(Number(m[2]), {}, where);
    return new ConnectorError(err.kind, err.message, { ...err.details, ambiguous: false });
  }
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' || (e as { cause?: unknown })?.cause) {
    const err = transportError(e, where, timeoutMs);
    return new ConnectorError(err.kind, err.message, { ...err.details, ambiguous: false });
  }
  return new ConnectorError('PERMANENT', `${where} cannot be read as a WSDL: ${(e as Error)?.message ?? String(e)}`, { ambiguous: false });
}

/**
 * One soap client per connection and interface, made lazily from the interface's WSDL and kept (a WSDL is fetched
 * once, not per call); a failed creation is forgotten so the next call tries again. Calls go to the URL the WSDL
 * came from, never to the WSDL's own `soap:address` (real NC WSDLs say `localhost`). Per-tenant state lives in the
 * cache key, never on the clients' shared options.
 */
export class NcSoapClients {
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(private policy: OutboundPolicy = new OutboundPolicy()) {}

  /** New agents for new clients; the old ones were made with the previous policy. */
  usePolicy(policy: OutboundPolicy): void {
    this.policy = policy;
    this.clients.clear();
  }

  /** Calls `operation` of `iface` with string arguments; resolves to the `<return>` value. */
  async call(conn: Connection, settings: NcSettings, iface: string, operation: string, args: Record<string, string>): Promise<unknown> {
    const endpoint = serviceUrl(settings, iface);
    const where = `NC ${iface}.${operation}`;
    try {
      this.policy.checkUrlWithoutDns(endpoint);
    } catch (e) {
      if (e instanceof OutboundRefusedError) throw transportError(e, where, settings.timeoutMs);
      throw e;
    }
    const client = await this.client(conn, settings, iface);
    const method = (client as unknown as Record<string, unknown>)[`${operation}Async`];
    if (typeof method !== 'function') {
      const known = Object.values(client.describe() as Record<string, Record<string, Record<string, unknown>>>).flatMap((svc) => Object.values(svc).flatMap((port) => Object.keys(port)));
      throw new ConnectorError('PERMANENT', `${where}: the WSDL has no operation "${operation}" (it has: ${known.join(', ')})`, { ambiguous: false });
    }
    try {
      const [result] = (await (method as (a: unknown, o: unknown) => Promise<[unknown]>).call(client, args, { timeout: settings.timeoutMs })) ?? [];
      return (result as { return?: unknown } | null | undefined)?.return;
    } catch (e) {
      throw soapCallError(e, where, settings.faultRules, settings.timeoutMs);
    }
  }

  private client(conn: Connection, settings: NcSettings, iface: string): Promise<Client> {
    const endpoint = serviceUrl(settings, iface);
    const key = `${conn.tenantId}/${conn.id}|${endpoint}|${fingerprint(conn, settings)}`;
    let pending = this.clients.get(key);
    if (!pending) {
      pending = this.create(conn, settings, endpoint);
      pending.catch(() => this.clients.delete(key));
      if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value as string);
      this.clients.set(key, pending);
    }
    return pending;
  }

  private async create(conn: Connection, settings: NcSettings, endpoint: string): Promise<Client> {
    const wsdlUrl = `${endpoint}?wsdl`;
    let client: Client;
    try {
      // disableCache: soap's own WSDL cache is process-wide and keyed by URL only.
      client = await createClientAsync(wsdlUrl, { request: policyHttp(this.policy, settings.timeoutMs), disableCache: true }, endpoint);
    } catch (e) {
      throw wsdlError(e, wsdlUrl, settings.timeoutMs);
    }
    if (settings.auth === 'wsse') {
      const { username, password } = conn.credentials;
      if (!username || !password) throw new ConnectorError('INVALID', `connection ${conn.id}: settings auth is wsse but credentials username/password are missing`);
      // As NC's callers send it: UsernameToken with a PasswordText password, no nonce or timestamp.
      client.setSecurity(new WSSecurity(username, password, { passwordType: 'PasswordText', hasTimeStamp: false, hasTokenCreated: false, hasNonce: false }));
    }
    if (settings.urc) client.addSoapHeader({ Urc: settings.urc }, 'Urc', 'ns0', 'http://ws.uap.nc/lang');
    return client;
  }
}

/** What makes two clients of one interface differ: credentials and headers (hashed, so no secret sits in a key). */
function fingerprint(conn: Connection, settings: NcSettings): string {
  const parts = JSON.stringify([settings.auth, conn.credentials.username ?? '', conn.credentials.password ?? '', settings.urc ?? {}, settings.timeoutMs]);
  return createHash('sha256').update(parts).digest('hex').slice(0, 16);
}
