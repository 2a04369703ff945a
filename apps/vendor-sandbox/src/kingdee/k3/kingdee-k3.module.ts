import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module';
import { KingdeeK3ApiController } from './kingdee-k3-api.controller';
import { KingdeeK3ControlController } from './kingdee-k3-control.controller';
import { KingdeeK3GateService } from './kingdee-k3-gate.service';
import { KingdeeK3StateService } from './kingdee-k3-state.service';

/** The K/3 Cloud (金蝶云星空) WebAPI simulator: AuthService logins, DynamicFormService query and writes, control API. */
@Module({
  imports: [CommonModule],
  controllers: [KingdeeK3ApiController, KingdeeK3ControlController],
  providers: [KingdeeK3StateService, KingdeeK3GateService],
  exports: [KingdeeK3GateService],
})
export class KingdeeK3Module {}
