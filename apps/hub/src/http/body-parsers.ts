import type { IncomingMessage } from 'node:http';
import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JsonBodyError, parseJsonBody, type JsonBounds } from './json-body';

export interface RequestWithRawBody extends FastifyRequest {
  rawBody?: Buffer;
  /** Set on a vendor push that was larger than the limit: `rawBody` holds only its first `limit` bytes. */
  bodyTruncated?: { limit: number; declaredLength?: number };
}

export interface BodyLimits {
  /** Vendor pushes (`/webhooks/…`). */
  webhookBytes: number;
  /** Everything else (`/v1/…`). */
  apiBytes: number;
  json: JsonBounds;
}

const isWebhook = (url: string): boolean => url.startsWith('/webhooks/');

/**
 * Reads at most `limit` bytes of a body. Past the limit it stops reading and says so (`truncated`); the reply
 * then closes the connection, so a sender can never make the hub hold more than the limit of one request.
 */
function readLimited(stream: IncomingMessage, limit: number): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (truncated: boolean) => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      if (truncated) stream.pause();
      const body = Buffer.concat(chunks, size);
      resolve({ body: truncated ? body.subarray(0, limit) : body, truncated });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) done(true);
    };
    const onEnd = () => done(false);
    const onError = (e: Error) => reject(e);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

function declaredLength(req: FastifyRequest): number | undefined {
  const n = Number(req.headers['content-length']);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Every body is read here, with the limit of its route, and its exact bytes kept on `request.rawBody`.
 * Vendor pushes get the raw Buffer as the body (their connector verifies signatures over the exact bytes
 * and judges the JSON itself); an oversized push is cut at the limit and marked, so the ingress can refuse
 * it with 413 and keep its start as evidence. /v1 bodies must be JSON: parsed with prototype-poisoning
 * protection, bounded depth and array lengths; a clear 400, 413 or 415 otherwise.
 */
export function installBodyParsers(app: FastifyInstance, limits: BodyLimits): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req, payload, done) => {
    const webhook = isWebhook(req.url);
    const limit = webhook ? limits.webhookBytes : limits.apiBytes;
    const declared = declaredLength(req);
    if (!webhook && declared !== undefined && declared > limit) {
      done(new PayloadTooLargeException(`request body of ${declared} bytes is larger than the limit of ${limit} bytes`), undefined);
      return;
    }
    readLimited(payload, limit).then(({ body, truncated }) => {
      const r = req as RequestWithRawBody;
      r.rawBody = body;
      if (webhook) {
        if (truncated) r.bodyTruncated = { limit, declaredLength: declared };
        return done(null, body);
      }
      if (truncated) return done(new PayloadTooLargeException(`request body is larger than the limit of ${limit} bytes`), undefined);
      if (body.length === 0) return done(null, undefined);
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) return done(new UnsupportedMediaTypeException(`send the body as application/json, not "${type || 'no content-type'}"`), undefined);
      try {
        done(null, parseJsonBody(body.toString('utf8'), limits.json));
      } catch (e) {
        if (e instanceof JsonBodyError) return done(new BadRequestException({ message: e.message, details: e.details }), undefined);
        done(e as Error, undefined);
      }
    }, (e: Error) => done(e, undefined));
  });
}
