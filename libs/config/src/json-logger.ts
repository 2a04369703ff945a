import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];
const SECRET_KEY = /secret|token|password|aeskey|apikey|authorization|encrypt/i;

/** stdout, written asynchronously in batches by pino (flushed when the process exits). */
function stdoutDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

/** A destination that hands each finished line (without its newline) to `write`; for tests. */
export function lineDestination(write: (line: string) => void): DestinationStream {
  return { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
}

/**
 * The hub's logger: pino, one JSON object per line `{level, time, msg, …fields}` on stdout. Values of
 * secret-looking keys and every known secret value (registered from config) are replaced by "[redacted]"
 * before pino sees them. Also Nest's LoggerService, so framework messages take the same path.
 */
export class JsonLogger implements LoggerService {
  private secrets: string[] = [];
  readonly pino: Logger;

  constructor(
    private readonly level: Level = 'info',
    destination: DestinationStream = stdoutDestination(),
  ) {
    this.pino = pino(
      {
        level,
        base: undefined,
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
  }

  /** Registers secret values that must never appear in a log line. */
  addSecrets(values: string[]): void {
    this.secrets = [...new Set([...this.secrets, ...values.filter((v) => v && v.length >= 4)])].sort((a, b) => b.length - a.length);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  /** Structured entry: `logger.event('info', 'delivery.delivered', { deliveryId })`. */
  event(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(this.level)) return;
    this.pino[level](this.redact(fields) as object, this.redactText(msg));
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (message instanceof Error) {
      fields.error = message.stack ?? message.message;
      message = message.message;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
      message = (message as { msg?: string }).msg ?? '';
    }
    if (rest.length) fields.details = rest.map((r) => (r instanceof Error ? r.stack ?? r.message : r));
    this.event(level, String(message), fields);
  }

  private redact(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((v) => this.redact(v, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? '[redacted]' : this.redact(v, depth + 1)]),
    );
  }

  private redactText(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out;
  }
}
