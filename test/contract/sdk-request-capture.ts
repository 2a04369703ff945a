import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Config } from '@alicloud/openapi-client';

/** One HTTP request as it went over the wire: where each field went (path, query, JSON body). */
export interface CapturedRequest {
  method: string;
  path: string;
  /** Query parameters as sent (always strings on the wire). */
  query: Record<string, string>;
  /** The JSON body, or undefined when none was sent. */
  body: unknown;
}

/**
 * A loopback HTTP server that records every request and answers `answer` (HTTP 200 JSON): the place both the
 * official SDK client and the connector's client send their requests to, so the two can be compared.
 */
export class RequestCaptureServer {
  readonly requests: CapturedRequest[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly answer: (req: CapturedRequest) => unknown = () => ({})) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://capture');
        const raw = Buffer.concat(chunks).toString('utf8');
        const captured: CapturedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams.entries()),
          body: raw ? (JSON.parse(raw) as unknown) : undefined,
        };
        this.requests.push(captured);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(captured)));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Runs `send` and returns the one request it made to `path` (the last one, when it made several). */
  async capture(path: string, send: () => Promise<unknown>): Promise<CapturedRequest> {
    const before = this.requests.length;
    await send();
    const made = this.requests.slice(before).filter((r) => r.path === path);
    if (made.length === 0) throw new Error(`no request to ${path} was made`);
    return made[made.length - 1];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** `Config` that points an official `@alicloud/dingtalk` client at `baseUrl` (`http://host:port`) instead of api.dingtalk.com. */
export function sdkConfigFor(baseUrl: string): Config {
  const url = new URL(baseUrl);
  return new Config({ protocol: url.protocol.replace(':', ''), endpoint: url.host, readTimeout: 5000, connectTimeout: 5000 });
}
