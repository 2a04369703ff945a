import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CommonModule } from '../common/common.module';
import { DingtalkAtsController } from './dingtalk-ats.controller';
import { DingtalkAuthController } from './dingtalk-auth.controller';
import { DingtalkControlController } from './dingtalk-control.controller';
import { DingtalkFailedPushController } from './dingtalk-failed-push.controller';
import { DingtalkFailedPushService } from './dingtalk-failed-push.service';
import { DingtalkGateService } from './dingtalk-gate.service';
import { DingtalkMessageController } from './dingtalk-message.controller';
import { DingtalkNotFoundFilter } from './dingtalk-not-found.filter';
import { DingtalkPushService } from './dingtalk-push.service';
import { DingtalkStateService } from './dingtalk-state.service';
import { DingtalkStreamController } from './dingtalk-stream.controller';
import { DingtalkStreamDeliveryService } from './dingtalk-stream-delivery.service';
import { DingtalkStreamGatewayService } from './dingtalk-stream-gateway.service';
import { DingtalkTokenService } from './dingtalk-token.service';
import { DingtalkTrafficService } from './dingtalk-traffic.service';

/** The DingTalk simulator: v1.0 + oapi endpoints on one origin, HTTP and Stream push, and its control API. */
@Module({
  imports: [CommonModule],
  controllers: [DingtalkAuthController, DingtalkAtsController, DingtalkMessageController, DingtalkControlController, DingtalkFailedPushController, DingtalkStreamController],
  providers: [
    DingtalkStateService,
    DingtalkTokenService,
    DingtalkTrafficService,
    DingtalkPushService,
    DingtalkFailedPushService,
    DingtalkGateService,
    DingtalkStreamGatewayService,
    DingtalkStreamDeliveryService,
    { provide: APP_FILTER, useClass: DingtalkNotFoundFilter },
  ],
  exports: [DingtalkGateService, DingtalkStreamGatewayService],
})
export class DingtalkModule {}
