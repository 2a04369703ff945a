import { DynamicModule, Module } from '@nestjs/common';
import { BeisenModule } from './beisen/beisen.module';
import { CommonModule } from './common/common.module';
import { DingtalkModule } from './dingtalk/dingtalk.module';
import { KingdeeModule } from './kingdee/kingdee.module';
import { YonyouModule } from './yonyou/yonyou.module';
import { SANDBOX_SEED, type SandboxSeed } from './sandbox-options';

@Module({})
export class SandboxModule {
  static forRoot(seed: SandboxSeed): DynamicModule {
    return {
      module: SandboxModule,
      global: true,
      imports: [CommonModule, DingtalkModule, YonyouModule, KingdeeModule, BeisenModule],
      providers: [{ provide: SANDBOX_SEED, useValue: seed }],
      exports: [SANDBOX_SEED],
    };
  }
}
