import type { LoggerService } from '@nestjs/common';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];
const SECRET_KEY = /secret|token|password|aeskey|apikey|authorization|encrypt/i;

/**
 * Writes lines to stdout in batches: everything logged during one turn of the event loop goes out in one
 * write (one system call instead of one per line), and whatever is left is flushed when the process exits.
 */
export function batchedStdout(): (line: string) => void {
  stdoutWriter ??= createBatchedStdout();
  return stdoutWriter;
}

let stdoutWriter: ((line: string) => void) | undefined;

function createBatchedStdout(): (line: string) => void {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending.length) return;
    const text = pending.join('');
    pending = [];
    process.stdout.write(text);
  };
  process.once('exit', flush);
  return (line) => {
    pending.push(`${line}\n`);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

/**
 * One JSON object per line on stdout. Values of secret-looking keys and every known secret value
 * (registered from config) are replaced by "[redacted]" before anything is written.
 */
export class JsonLogger implements LoggerService {
  private secrets: string[] = [];

  constructor(
    private readonly level: Level = 'info',
    private readonly write: (line: string) => void = batchedStdout(),
  ) {}

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
    this.write(this.redactText(JSON.stringify({ time: new Date().toISOString(), level, msg, ...(this.redact(fields) as object) })));
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
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.redact(v, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? '[redacted]' : this.redact(v, depth + 1)]),
    );
  }

  private redactText(line: string): string {
    let out = line;
    for (const s of this.secrets) out = out.split(JSON.stringify(s).slice(1, -1)).join('[redacted]');
    return out;
  }
}
