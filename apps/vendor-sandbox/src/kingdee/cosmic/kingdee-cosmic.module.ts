import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module';
import { KingdeeCosmicControlController, KingdeeCosmicController } from './kingdee-cosmic.controller';
import { KingdeeCosmicGateService } from './kingdee-cosmic-gate.service';
import { KingdeeCosmicStateService } from './kingdee-cosmic-state.service';

/** The 金蝶云苍穹/星瀚 simulator: getToken, form query/save, and its control API. */
@Module({
  imports: [CommonModule],
  controllers: [KingdeeCosmicController, KingdeeCosmicControlController],
  providers: [KingdeeCosmicStateService, KingdeeCosmicGateService],
  exports: [KingdeeCosmicGateService],
})
export class KingdeeCosmicModule {}
