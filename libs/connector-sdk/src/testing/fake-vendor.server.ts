import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it (specs only). `query` is decoded once, as a real server decodes it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The query exactly as sent, to check how values were encoded. */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** What a spec route answers. A string body is sent verbatim as text, anything else as JSON. */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer this much later (to trip the client's timeout). */
  delayMs?: number;
}

export type FakeRoute = (req: RecordedRequest) => FakeAnswer | undefined;

/**
 * A loopback HTTP server standing in for a vendor in connector unit specs (real HTTP, no axios mocks). Routes are
 * tried in order and the first that answers wins; an unmatched request gets the vendor's own answer for it
 * (`unmatched`), e.g. its 404 envelope.
 */
export class FakeVendorServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: FakeRoute[] = [];
  private server?: Server;
  baseUrl = '';

  constructor(
    private readonly unmatched: (req: RecordedRequest) => FakeAnswer,
    /** Content type of string bodies (DingTalk's bans are HTML pages). */
    private readonly textContentType = 'text/plain',
  ) {}

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
        const recorded = this.record(req.method ?? 'GET', new URL(req.url ?? '/', 'http://127.0.0.1'), req.headers, Buffer.concat(chunks).toString('utf8'));
        this.requests.push(recorded);
        const a = this.routes.reduce<FakeAnswer | undefined>((found, r) => found ?? r(recorded), undefined) ?? this.unmatched(recorded);
        const send = () => {
          if (res.destroyed) return;
          const isText = typeof a.body === 'string';
          res.writeHead(a.status ?? 200, { 'content-type': isText ? this.textContentType : 'application/json', ...a.headers });
          res.end(isText ? (a.body as string) : JSON.stringify(a.body ?? {}));
        };
        if (a.delayMs) setTimeout(send, a.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private record(method: string, url: URL, headers: RecordedRequest['headers'], raw: string): RecordedRequest {
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    return { method, path: url.pathname, query: Object.fromEntries(url.searchParams.entries()), rawQuery: url.search.slice(1), headers, body };
  }
}
