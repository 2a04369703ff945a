import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CommonModule } from '../common/common.module';
import { DingtalkAtsController } from './dingtalk-ats.controller';
import { DingtalkAuthController } from './dingtalk-auth.controller';
import { DingtalkControlController } from './dingtalk-control.controller';
import { DingtalkGateService } from './dingtalk-gate.service';
import { DingtalkMessageController } from './dingtalk-message.controller';
import { DingtalkNotFoundFilter } from './dingtalk-not-found.filter';
import { DingtalkPushService } from './dingtalk-push.service';
import { DingtalkStateService } from './dingtalk-state.service';
import { DingtalkTokenService } from './dingtalk-token.service';
import { DingtalkTrafficService } from './dingtalk-traffic.service';

/** The DingTalk simulator: v1.0 + oapi endpoints on one origin, HTTP push, and its control API. */
@Module({
  imports: [CommonModule],
  controllers: [DingtalkAuthController, DingtalkAtsController, DingtalkMessageController, DingtalkControlController],
  providers: [
    DingtalkStateService,
    DingtalkTokenService,
    DingtalkTrafficService,
    DingtalkPushService,
    DingtalkGateService,
    { provide: APP_FILTER, useClass: DingtalkNotFoundFilter },
  ],
  exports: [DingtalkGateService],
})
export class DingtalkModule {}
