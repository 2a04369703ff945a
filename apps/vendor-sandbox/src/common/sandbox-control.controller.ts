import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { FaultInjector, type FaultRule, type FaultRuleInput } from './fault-injector.service';
import { ResetRegistry } from './reset-registry.service';

/** Control calls shared by all simulators. */
@Controller('_sandbox')
export class SandboxControlController {
  private readonly startedAt = Date.now();

  constructor(
    private readonly faults: FaultInjector,
    private readonly resets: ResetRegistry,
  ) {}

  @Get('health')
  health(): { status: 'ok'; vendors: string[]; uptimeMs: number } {
    return { status: 'ok', vendors: ['dingtalk', 'yonyou-bip', 'yonyou-nc', 'yonyou-u8', 'kingdee-k3', 'kingdee-cosmic', 'beisen'], uptimeMs: Date.now() - this.startedAt };
  }

  /** Back to the seed: state, tokens, counters, bans, faults and records. */
  @Post('reset')
  @HttpCode(200)
  reset(): { reset: true } {
    this.resets.resetAll();
    return { reset: true };
  }

  /** The next `times` calls matching method+path answer `responses` in turn (cycling), whatever the vendor. */
  @Post('faults')
  @HttpCode(200)
  addFault(@Body() body: FaultRuleInput): FaultRule {
    return this.faults.add(body ?? {});
  }

  @Get('faults')
  listFaults(): FaultRule[] {
    return this.faults.list();
  }

  @Delete('faults')
  clearFaults(): { cleared: true } {
    this.faults.clear();
    return { cleared: true };
  }
}
