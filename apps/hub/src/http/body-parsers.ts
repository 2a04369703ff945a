import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The hard cap on any request body; webhook bodies above the configured limit are still read (up to this) so they can be kept as evidence. */
export const HARD_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export interface RequestWithRawBody extends FastifyRequest {
  rawBody?: Buffer;
}

/**
 * Keeps every body's exact bytes on `request.rawBody`. Vendor webhooks get the raw Buffer as the
 * body (their connector verifies signatures over the exact bytes and judges the JSON itself); the
 * /v1 API gets parsed JSON with a clear 400 for malformed input and a 413 over the limit.
 */
export function installBodyParsers(app: FastifyInstance, apiBodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: HARD_BODY_LIMIT_BYTES }, (req, body, done) => {
    const raw = body as Buffer;
    (req as RequestWithRawBody).rawBody = raw;
    if (req.url.startsWith('/webhooks/')) return done(null, raw);
    if (raw.length > apiBodyLimit) return done(new PayloadTooLargeException(`request body is larger than ${apiBodyLimit} bytes`), undefined);
    const type = String(req.headers['content-type'] ?? '');
    if (!type.includes('json')) return done(null, raw.toString('utf8'));
    if (raw.length === 0) return done(null, {});
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch (e) {
      done(new BadRequestException(`request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
}
