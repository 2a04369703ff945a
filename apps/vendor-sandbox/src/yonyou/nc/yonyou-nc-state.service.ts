import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { ResetRegistry } from '../../common/reset-registry.service';
import { SANDBOX_SEED, type SandboxSeed } from '../../sandbox-options';
import { checkWrite, isAnswer, ncTime, ok, parseJsonArg, queryRows, readQuery, refused } from './yonyou-nc-operations';
import type { NcAnswer, NcAppliedWrite, NcCancelledInterview, NcWriteOperation, YonyouNcSeed } from './yonyou-nc.types';

/** What the simulated NC holds: the cancelled interviews its query returns and the writes it applied; rebuilt from the seed on reset. */
@Injectable()
export class YonyouNcStateService {
  private rows: NcCancelledInterview[] = [];
  /** Applied writes by `<operation>|<idempotency key>`: the key makes a repeat a replay. */
  private writes = new Map<string, NcAppliedWrite>();
  private repeats = 0;
  private seq = 0;

  constructor(
    @Inject(SANDBOX_SEED) private readonly seed: SandboxSeed,
    resets: ResetRegistry,
  ) {
    this.load();
    resets.register(() => this.load());
  }

  get settings(): YonyouNcSeed {
    return this.seed.yonyou?.nc ?? {};
  }

  /** Back to the seed (also run by `POST /_sandbox/reset`). */
  load(): void {
    const now = ncTime(Date.now());
    this.rows = (this.settings.cancelledInterviews ?? []).map((r) => ({ ...r, ts: r.ts ?? now, cancel_time: r.cancel_time ?? now }));
    this.writes.clear();
    this.repeats = 0;
    this.seq = 0;
  }

  /**
   * A write of the demo interface: arg0 = the payload JSON, arg1 = the idempotency key. The first call with a key
   * is applied; a repeat is not applied again and gets the first call's answer (NC.md "Idempotency").
   */
  write(operation: NcWriteOperation, arg0: unknown, arg1: unknown): { answer: NcAnswer; duplicate: boolean } {
    const key = typeof arg1 === 'string' ? arg1.trim() : '';
    if (!key) return { answer: refused('400', '幂等键 (arg1) 不能为空'), duplicate: false };
    const seen = this.writes.get(`${operation}|${key}`);
    if (seen) {
      this.repeats++;
      return { answer: seen.answer, duplicate: true };
    }
    const data = parseJsonArg(arg0);
    if (isAnswer(data)) return { answer: data, duplicate: false };
    const problem = checkWrite(operation, data);
    // A refused write is not remembered: the same key may come again once the data is fixed.
    if (problem) return { answer: problem, duplicate: false };
    const id = `NCW${String(++this.seq).padStart(6, '0')}`;
    const answer = ok('操作成功', { id });
    this.writes.set(`${operation}|${key}`, { id, operation, idempotencyKey: key, data, at: new Date().toISOString(), answer });
    return { answer, duplicate: false };
  }

  query(arg0: unknown): NcAnswer {
    const data = parseJsonArg(arg0);
    if (isAnswer(data)) return data;
    const q = readQuery(data);
    return isAnswer(q) ? q : ok('查询成功', queryRows(this.rows, q));
  }

  /** Adds (or replaces, by pk_interview) a cancelled interview; `ts` and `cancel_time` default to now. */
  addCancelled(input: Record<string, unknown>): NcCancelledInterview {
    const pk = typeof input.pk_interview === 'string' && input.pk_interview ? input.pk_interview : `IV${Date.now()}${this.rows.length}`;
    if (typeof input.pk_candidate !== 'string' || !input.pk_candidate) throw new BadRequestException('pk_candidate is required');
    const now = ncTime(Date.now());
    const row = { ...input, pk_interview: pk, ts: typeof input.ts === 'string' ? input.ts : now, cancel_time: typeof input.cancel_time === 'string' ? input.cancel_time : now } as NcCancelledInterview;
    this.rows = [...this.rows.filter((r) => r.pk_interview !== pk), row];
    return row;
  }

  snapshot(): { cancelledInterviews: NcCancelledInterview[]; writes: NcAppliedWrite[]; repeats: number } {
    return { cancelledInterviews: [...this.rows], writes: [...this.writes.values()], repeats: this.repeats };
  }
}
