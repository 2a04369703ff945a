import { Module } from '@nestjs/common';
import { KingdeeCosmicModule } from './cosmic/kingdee-cosmic.module';
import { KingdeeK3Module } from './k3/kingdee-k3.module';

/** The Kingdee simulators: K/3 Cloud WebAPI, Cosmic. */
@Module({
  imports: [KingdeeK3Module, KingdeeCosmicModule],
  exports: [KingdeeK3Module, KingdeeCosmicModule],
})
export class KingdeeModule {}
