import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module';
import { YonyouNcControlController } from './yonyou-nc-control.controller';
import { YonyouNcFaultsService } from './yonyou-nc-faults.service';
import { YonyouNcStateService } from './yonyou-nc-state.service';

/**
 * The Yonyou NC simulator: a uapws SOAP service (mounted on the HTTP server by `mountYonyouNc`, not a Nest route)
 * and its control API under `/_sandbox/yonyou/nc`.
 */
@Module({
  imports: [CommonModule],
  controllers: [YonyouNcControlController],
  providers: [YonyouNcStateService, YonyouNcFaultsService],
  exports: [YonyouNcStateService, YonyouNcFaultsService],
})
export class YonyouNcModule {}
