import { DingTalkCallBudget, type CallLimits } from './call-budget';

/** A budget on a fake clock: sleeping moves the clock; returns the time each call was let through. */
function fakeBudget() {
  let now = 0;
  const budget = new DingTalkCallBudget(
    () => now,
    async (ms) => {
      now += ms;
    },
  );
  const run = async (pace: () => Promise<void>, calls: number): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      await pace();
      times.push(now);
    }
    return times;
  };
  return { budget, run, advance: (ms: number) => (now += ms) };
}

const conn = { tenantId: 'demo', id: 'dingtalk-main' };
const limits = (perSecond: number, perMinute: number): CallLimits => ({ perSecond, perMinute });

describe('DingTalkCallBudget', () => {
  it('lets at most perSecond calls of one API through in any second', async () => {
    const { budget, run } = fakeBudget();
    expect(await run(budget.pace(conn, 'QueryInterviews', limits(3, 1500)), 7)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('lets at most perMinute calls through in any minute, and the window slides', async () => {
    const { budget, run, advance } = fakeBudget();
    const pace = budget.pace(conn, 'QueryInterviews', limits(10, 4));
    expect(await run(pace, 2)).toEqual([0, 0]);
    advance(30_000);
    expect(await run(pace, 4)).toEqual([30_000, 30_000, 60_000, 60_000]);
  });

  it('keeps one budget per connection and API', async () => {
    const { budget, run } = fakeBudget();
    await run(budget.pace(conn, 'QueryInterviews', limits(1, 1500)), 1);
    expect(await run(budget.pace(conn, 'GetFlowInfo', limits(1, 1500)), 1)).toEqual([0]);
    expect(await run(budget.pace({ tenantId: 'demo', id: 'dingtalk-b' }, 'QueryInterviews', limits(1, 1500)), 1)).toEqual([0]);
    expect(await run(budget.pace({ tenantId: 'other', id: 'dingtalk-main' }, 'QueryInterviews', limits(1, 1500)), 1)).toEqual([0]);
    expect(await run(budget.pace(conn, 'QueryInterviews', limits(1, 1500)), 1)).toEqual([1000]);
  });
});
