import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../connectors/webhook/src/standard-webhooks.signer';

export interface Arrival {
  /** Local clock (ms) when the full request had arrived. */
  at: number;
  /** The interview's ids as the delivered event carries them, by connection. */
  interviewIds: Record<string, string>;
  cancellationId?: string;
  /** How many times this webhook-id arrived (retries / redeliveries). */
  count: number;
}

/**
 * The subscriber: a loopback node:http server that verifies each delivery's Standard Webhooks
 * signature with the secrets the hub returned at registration (one subscription per bench tenant, all to
 * this URL) and records the first arrival per webhook-id. Unsigned or badly signed deliveries are answered
 * 401 and counted.
 */
export class WebhookReceiver {
  readonly arrivals = new Map<string, Arrival>();
  rejected = 0;
  lastRejection?: string;
  private readonly secrets: string[] = [];
  private server?: Server;
  url = '';

  addSecret(secret: string): void {
    this.secrets.push(secret);
  }

  /** The webhook-id of a delivery signed with one of the secrets; throws the last verification error otherwise. */
  private verify(headers: Parameters<typeof verifySignature>[0]['headers'], body: Buffer): string {
    if (!this.secrets.length) throw new Error('no secret registered yet');
    let error: unknown;
    for (const secret of this.secrets) {
      try {
        return verifySignature({ secret, headers, body }).msgId;
      } catch (e) {
        error = e;
      }
    }
    throw error;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = Date.now();
        const body = Buffer.concat(chunks);
        try {
          const msgId = this.verify(req.headers, body);
          const seen = this.arrivals.get(msgId);
          if (seen) seen.count++;
          else {
            const payload = JSON.parse(body.toString('utf8')) as { data?: { id?: string; interview?: { externalIds?: Record<string, string> } } };
            const ids = payload.data?.interview?.externalIds ?? {};
            this.arrivals.set(msgId, { at, interviewIds: ids, cancellationId: payload.data?.id, count: 1 });
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        } catch (e) {
          this.rejected++;
          this.lastRejection = (e as Error).message;
          res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (e as Error).message }));
        }
      });
    });
    this.server.keepAliveTimeout = 10_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/hooks/interviews`;
    return this.url;
  }

  /** First arrival per interview id of `connection` (the bench's interviews each get exactly one cancellation). */
  byInterview(connection: string): Map<string, Arrival> {
    const out = new Map<string, Arrival>();
    for (const a of this.arrivals.values()) {
      const id = a.interviewIds[connection];
      if (id) out.set(id, a);
    }
    return out;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
