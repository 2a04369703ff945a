import { JsonLogger, lineDestination } from './json-logger';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: string[] = [];
  const log = new JsonLogger(level, lineDestination((l) => lines.push(l)));
  return { log, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), raw: () => lines.join('\n') };
}

describe('JsonLogger (pino)', () => {
  it('writes one JSON object per entry: level, time, msg and the fields', () => {
    const c = capture();
    c.log.event('info', 'delivery.delivered', { deliveryId: 'd-1', attempts: 2 });
    expect(c.entries()).toEqual([{ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: 'delivery.delivered', deliveryId: 'd-1', attempts: 2 }]);
  });

  it('drops entries below its level', () => {
    const c = capture('warn');
    c.log.event('info', 'quiet');
    c.log.event('warn', 'loud');
    expect(c.entries().map((e) => e.msg)).toEqual(['loud']);
  });

  it('never writes a secret: by key name, or by value wherever it appears', () => {
    const c = capture();
    c.log.addSecrets(['s3cr3t-value-123']);
    c.log.event('warn', 'failed with s3cr3t-value-123', { apiKey: 'anything', nested: { note: 'token was s3cr3t-value-123!' }, list: ['s3cr3t-value-123'], password: 'p' });
    expect(c.raw()).not.toContain('s3cr3t-value-123');
    expect(c.raw()).not.toContain('anything');
    expect(c.entries()[0]).toMatchObject({ msg: 'failed with [redacted]', apiKey: '[redacted]', password: '[redacted]', nested: { note: 'token was [redacted]!' }, list: ['[redacted]'] });
  });

  it("takes Nest's LoggerService calls, with their context", () => {
    const c = capture();
    c.log.error(new Error('boom'), 'RouterExplorer');
    expect(c.entries()[0]).toMatchObject({ level: 'error', msg: 'boom', context: 'RouterExplorer', error: expect.stringContaining('Error: boom') });
  });
});
