import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module';
import { YonyouU8AddService } from './yonyou-u8-add.service';
import { YonyouU8ApiController } from './yonyou-u8-api.controller';
import { YonyouU8AuthService } from './yonyou-u8-auth.service';
import { YonyouU8ControlController } from './yonyou-u8-control.controller';
import { YonyouU8GateService } from './yonyou-u8-gate.service';
import { YonyouU8ResultController } from './yonyou-u8-result.controller';
import { YonyouU8StateService } from './yonyou-u8-state.service';
import { YonyouU8SystemController } from './yonyou-u8-system.controller';

/** The Yonyou U8 simulator: the open platform's token/tradeid, resource adds (sync and async), result URLs, control. */
@Module({
  imports: [CommonModule],
  controllers: [YonyouU8SystemController, YonyouU8ApiController, YonyouU8ResultController, YonyouU8ControlController],
  providers: [YonyouU8StateService, YonyouU8AuthService, YonyouU8AddService, YonyouU8GateService],
  exports: [YonyouU8GateService],
})
export class YonyouU8Module {}
