import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@hub/connectors/webhook';
import type { CancellationEvent } from '@hub/schema';

export interface ReceivedDelivery {
  webhookId: string;
  headers: IncomingHttpHeaders;
  body: string;
  event: CancellationEvent;
  signatureValid: boolean;
  status: number;
  at: number;
  /** The response reached the hub (false when the sender was gone before the answer was sent). */
  answered: boolean;
}

/**
 * A webhook subscriber on 127.0.0.1: verifies the Standard Webhooks signature of every request
 * with the hub-issued secret, records it, and answers from a programmable script of statuses.
 */
export class TestSubscriber {
  readonly received: ReceivedDelivery[] = [];
  secret = '';
  /** Statuses to answer, in order; when empty, `fallbackStatus`. */
  script: number[] = [];
  fallbackStatus = 200;
  delayMs = 0;
  /** Like a real receiver, refuse (401) a delivery whose signature does not verify with `secret`. */
  refuseBadSignatures = true;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        let signatureValid = false;
        try {
          verifySignature({ secret: this.secret, headers: req.headers as Record<string, string>, body });
          signatureValid = true;
        } catch {
          signatureValid = false;
        }
        const scripted = this.script.length ? (this.script.shift() as number) : this.fallbackStatus;
        const status = !signatureValid && this.refuseBadSignatures ? 401 : scripted;
        const text = body.toString('utf8');
        const record: ReceivedDelivery = {
          webhookId: String(req.headers['webhook-id']),
          headers: req.headers,
          body: text,
          event: (JSON.parse(text) as { data: CancellationEvent }).data,
          signatureValid,
          status,
          at: Date.now(),
          answered: false,
        };
        this.received.push(record);
        res.on('finish', () => (record.answered = !res.destroyed));
        setTimeout(() => {
          if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** Deliveries this subscriber accepted (2xx), one per distinct webhook-id. */
  acceptedIds(): string[] {
    return [...new Set(this.received.filter((r) => r.status < 300).map((r) => r.webhookId))];
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
