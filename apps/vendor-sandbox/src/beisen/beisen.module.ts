import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module';
import { BeisenAsyncInfoController } from './beisen-async-info.controller';
import { BeisenAsyncRequests } from './beisen-async-requests';
import { BeisenAuthController } from './beisen-auth.controller';
import { BeisenControlDataController } from './beisen-control-data.controller';
import { BeisenControlController } from './beisen-control.controller';
import { BeisenDuplicateBlock } from './beisen-duplicate-block';
import { BeisenGateService } from './beisen-gate.service';
import { BeisenLimits } from './beisen-limits';
import { BeisenRecruitController } from './beisen-recruit.controller';
import { BeisenStateService } from './beisen-state.service';

/**
 * The Beisen (北森 iTalent) simulator: OAuth/Token, the RecruitV6 recruiting APIs, async-write status, per-tenant
 * limits and the duplicate block, control API. Forms (`application/x-www-form-urlencoded`) are parsed by Nest's
 * Fastify adapter, which registers that parser by default.
 */
@Module({
  imports: [CommonModule],
  controllers: [BeisenAuthController, BeisenRecruitController, BeisenAsyncInfoController, BeisenControlController, BeisenControlDataController],
  providers: [BeisenStateService, BeisenLimits, BeisenDuplicateBlock, BeisenAsyncRequests, BeisenGateService],
  exports: [BeisenGateService],
})
export class BeisenModule {}
