import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it (specs only). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What a spec route answers. A string body is sent verbatim (HTML bans), anything else as JSON. */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** DingTalk's failed-push list (README "Missed pushes"). */
export const FAILED_PUSH_PATH = '/call_back/get_call_back_failed_result';
const NO_FAILED_PUSHES: FakeAnswer = { body: { errcode: 0, errmsg: 'ok', failed_list: [], has_more: false } };

export type FakeRoute = (req: RecordedRequest) => FakeAnswer | undefined;

/**
 * A tiny loopback HTTP server standing in for DingTalk in unit specs (no axios mocks). Routes are tried
 * in order; the first that answers wins; an unmatched read of the failed-push list gets an empty list (a DingTalk
 * that delivered every push), other unmatched requests 404 `{code:"notFound"}`.
 */
export class FakeDingTalkServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: FakeRoute[] = [];
  private server?: Server;
  baseUrl = '';

  route(r: FakeRoute): this {
    this.routes.push(r);
    return this;
  }

  /** Requests whose path equals `path`. */
  calls(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown = raw;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = raw;
        }
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams.entries()),
          headers: req.headers,
          body,
        };
        this.requests.push(recorded);
        let answer: FakeAnswer | undefined;
        for (const r of this.routes) {
          answer = r(recorded);
          if (answer) break;
        }
        const a = answer ?? (recorded.path === FAILED_PUSH_PATH ? NO_FAILED_PUSHES : { status: 404, body: { code: 'notFound', message: `no route for ${recorded.path}` } });
        const isText = typeof a.body === 'string';
        res.writeHead(a.status ?? 200, { 'content-type': isText ? 'text/html' : 'application/json', ...a.headers });
        res.end(isText ? (a.body as string) : JSON.stringify(a.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Route helper: answers a fixed token for the internal-app token endpoint. */
export function tokenRoute(token = 'tok-1', expireIn = 7200): FakeRoute {
  return (r) => (r.path === '/v1.0/oauth2/accessToken' ? { body: { accessToken: token, expireIn } } : undefined);
}
