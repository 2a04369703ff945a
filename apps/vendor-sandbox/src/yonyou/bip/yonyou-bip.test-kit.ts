import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Helpers for the YonBIP simulator specs. The token signature is computed here from the Y2 recipe, independently of
 * the simulator's code, so a bug there cannot cancel itself out.
 */

export interface Reply {
  status: number;
  body: unknown;
}

export async function call(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed };
}

/** base64(HmacSHA256(appSecret, "appKey<k>timestamp<t>")) [Y2]. */
export function signature(appKey: string, timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`appKey${appKey}timestamp${timestamp}`).digest('base64');
}

/** The token query with the signature URL-encoded once, as corp-demo sends it. */
export function tokenQuery(appKey: string, appSecret: string, timestampMs = Date.now()): string {
  const ts = String(timestampMs);
  return `appKey=${encodeURIComponent(appKey)}&timestamp=${ts}&signature=${encodeURIComponent(signature(appKey, ts, appSecret))}`;
}

export async function fetchToken(base: string, appKey: string, appSecret: string): Promise<string> {
  const reply = await call(base, 'GET', `/iuap-api-auth/open-auth/selfAppAuth/base/v1/getAccessToken?${tokenQuery(appKey, appSecret)}`);
  const data = (reply.body as { data?: { access_token?: string } }).data;
  if (!data?.access_token) throw new Error(`no token: ${JSON.stringify(reply.body)}`);
  return data.access_token;
}

/** A business call on the gateway with the token URL-encoded. */
export function gateway(base: string, token: string, path: string, body: unknown): Promise<Reply> {
  return call(base, 'POST', `/iuap-api-gateway${path}?access_token=${encodeURIComponent(token)}`, body);
}

export interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the hub's webhook: keeps every request and answers with `respond`. */
export class Receiver {
  received: Captured[] = [];
  respond: (request: Captured) => { status: number; body: string; contentType?: string } = () => ({ status: 200, body: 'success' });
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const captured = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.received.push(captured);
        const answer = this.respond(captured);
        response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/plain' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${((this.server as Server).address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
