/**
 * Fault injection for the crash tests, inert unless `HUB_CRASH_AT` is set: `HUB_CRASH_AT=sync.after-apply:3`
 * kills this process with SIGKILL the 3rd time it reaches the point `sync.after-apply`; with `@text`
 * (`sync.after-apply:3@|notify`) only hits whose subject contains `text` count. Several points: comma-separated.
 * A line naming the point and its subject goes to stderr first, so a test can tell what was cut short.
 * Points: `sync.before-apply`, `sync.after-apply`, `sync.after-receipt` (subject: the delivery id),
 * `api.after-accept` (subject: the inbox id), `stream.after-store` (subject: the event id; stored, not yet acked).
 */
export class CrashPoints {
  private readonly targets = new Map<string, { n: number; only?: string }>();
  private readonly seen = new Map<string, number>();

  constructor(spec: string | undefined) {
    for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([a-z.-]+):(\d+)(?:@(.+))?$/.exec(part);
      if (!m) throw new Error(`HUB_CRASH_AT: "${part}" is not <point>:<n>[@<text>]`);
      this.targets.set(m[1], { n: Number(m[2]), only: m[3] });
    }
  }

  get armed(): boolean {
    return this.targets.size > 0;
  }

  hit(point: string, subject: string): void {
    const target = this.targets.get(point);
    if (target === undefined || (target.only && !subject.includes(target.only))) return;
    const n = (this.seen.get(point) ?? 0) + 1;
    this.seen.set(point, n);
    if (n !== target.n) return;
    process.stderr.write(`CRASH-POINT ${point} #${n} ${subject}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
