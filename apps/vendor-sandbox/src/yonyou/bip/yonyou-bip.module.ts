import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module';
import { YonyouBipApprovalService } from './yonyou-bip-approval.service';
import { YonyouBipAuthController } from './yonyou-bip-auth.controller';
import { YonyouBipCandidateController } from './yonyou-bip-candidate.controller';
import { YonyouBipControlController } from './yonyou-bip-control.controller';
import { YonyouBipEventCenterService } from './yonyou-bip-event-center.service';
import { YonyouBipGateService } from './yonyou-bip-gate.service';
import { YonyouBipPushService } from './yonyou-bip-push.service';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import { YonyouBipTenantApiController } from './yonyou-bip-tenant-api.controller';
import { YonyouBipTokenService } from './yonyou-bip-token.service';
import { YonyouBipWritesService } from './yonyou-bip-writes.service';

/**
 * The YonBIP simulator: data-centre lookup, self-built-app token, HR candidate APIs and tenant APIs on the
 * gateway, the 面试取消申请 approval flow, open-platform and event-center pushes, and its control API.
 */
@Module({
  imports: [CommonModule],
  controllers: [YonyouBipAuthController, YonyouBipCandidateController, YonyouBipTenantApiController, YonyouBipControlController],
  providers: [
    YonyouBipStateService,
    YonyouBipTokenService,
    YonyouBipWritesService,
    YonyouBipPushService,
    YonyouBipEventCenterService,
    YonyouBipApprovalService,
    YonyouBipGateService,
  ],
  exports: [YonyouBipGateService],
})
export class YonyouBipModule {}
