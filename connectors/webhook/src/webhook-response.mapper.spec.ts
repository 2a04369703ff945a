import { ConnectorError } from '@hub/connector-sdk';
import { mapDeliveryResponse, type DeliveryResponse } from './webhook-response.mapper';

const NOW = Date.parse('2024-05-01T08:00:00Z');

function map(status: number, headers: Record<string, unknown> = {}, body = ''): ReturnType<typeof mapDeliveryResponse> {
  const res: DeliveryResponse = { status, headers, body };
  return mapDeliveryResponse(res, NOW);
}

function errorOf(status: number, headers?: Record<string, unknown>, body?: string): ConnectorError {
  const result = map(status, headers, body);
  if (!(result instanceof ConnectorError)) throw new Error(`HTTP ${status} mapped to a receipt`);
  return result;
}

describe('mapDeliveryResponse', () => {
  it('treats every 2xx as applied and keeps x-request-id', () => {
    expect(map(200, { 'x-request-id': 'req-1' })).toEqual({ outcome: 'applied', externalRef: 'req-1' });
    expect(map(204)).toEqual({ outcome: 'applied' });
    expect(map(299)).toEqual({ outcome: 'applied' });
  });

  it('treats a 409 that says duplicate as a duplicate, any other 409 as INVALID', () => {
    expect(map(409, {}, '{"error":"duplicate webhook-id"}')).toMatchObject({ outcome: 'duplicate' });
    expect(map(409, {}, 'Already processed')).toMatchObject({ outcome: 'duplicate' });
    expect(errorOf(409, {}, 'version conflict').kind).toBe('INVALID');
  });

  it('never follows redirects: INVALID naming the Location', () => {
    const e = errorOf(301, { location: 'https://new.example.com/hook' });
    expect(e.kind).toBe('INVALID');
    expect(e.message).toContain('https://new.example.com/hook');
    expect(errorOf(307).message).toContain('(no Location header)');
  });

  it('rate limits with Retry-After in seconds or as an HTTP date', () => {
    expect(errorOf(429, { 'retry-after': '30' }).details).toEqual({ httpStatus: 429, retryAfterMs: 30_000 });
    const date = new Date(NOW + 90_000).toUTCString();
    expect(errorOf(429, { 'retry-after': date })).toMatchObject({ kind: 'RATE_LIMITED', details: { retryAfterMs: 90_000 } });
    expect(errorOf(429).details).toEqual({ httpStatus: 429 });
  });

  it.each([408, 425, 500, 502, 503, 504])('HTTP %i is TEMPORARY', (status) => {
    expect(errorOf(status).kind).toBe('TEMPORARY');
  });

  it('keeps Retry-After on a 503', () => {
    expect(errorOf(503, { 'retry-after': '5' }).details.retryAfterMs).toBe(5_000);
  });

  it.each([401, 403, 410])('HTTP %i is PERMANENT', (status) => {
    expect(errorOf(status).kind).toBe('PERMANENT');
  });

  it('marks only 410 as gone, so the hub disables the subscription', () => {
    expect(errorOf(410).details).toEqual({ httpStatus: 410, gone: true });
    expect(errorOf(401).details.gone).toBeUndefined();
    expect(errorOf(404).details.gone).toBeUndefined();
  });

  it.each([400, 404, 413, 422])('HTTP %i is INVALID', (status) => {
    expect(errorOf(status).kind).toBe('INVALID');
  });

  it('quotes at most 200 characters of the answer', () => {
    const e = errorOf(400, {}, 'x'.repeat(500));
    expect(e.message).toContain(`${'x'.repeat(200)}…`);
    expect(e.message).not.toContain('x'.repeat(201));
  });
});
