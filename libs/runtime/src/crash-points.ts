/**
 * Fault injection for the crash tests, inert unless `HUB_CRASH_AT` is set: `HUB_CRASH_AT=sync.after-apply:3`
 * kills this process with SIGKILL the 3rd time it reaches the point `sync.after-apply` (several points:
 * comma-separated). A line naming the point and its subject goes to stderr first, so a test can tell what
 * was cut short. Points: `sync.before-apply`, `sync.after-apply`, `sync.after-receipt`, `api.after-accept`.
 */
export class CrashPoints {
  private readonly targets = new Map<string, number>();
  private readonly seen = new Map<string, number>();

  constructor(spec: string | undefined) {
    for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([a-z.-]+):(\d+)$/.exec(part);
      if (!m) throw new Error(`HUB_CRASH_AT: "${part}" is not <point>:<n>`);
      this.targets.set(m[1], Number(m[2]));
    }
  }

  get armed(): boolean {
    return this.targets.size > 0;
  }

  hit(point: string, subject: string): void {
    const target = this.targets.get(point);
    if (target === undefined) return;
    const n = (this.seen.get(point) ?? 0) + 1;
    this.seen.set(point, n);
    if (n !== target) return;
    process.stderr.write(`CRASH-POINT ${point} #${n} ${subject}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
