import { Module, type DynamicModule } from '@nestjs/common';
import { CancellationFanout } from './fanout/cancellation-fanout.service';
import { IdentityMerges } from './identity/identity-merges.service';
import { IdentitySeeder } from './identity/identity-seeder.service';
import { IdentityService } from './identity/identity.service';
import { StreamKeeper } from './inbound/stream-keeper.service';
import { TargetViewService } from './identity/target-view.service';
import { IngestService } from './ingest/ingest.service';
import { InboxIntake } from './intake/inbox-intake.service';
import { RetentionService } from './maintenance/retention.service';
import { SweeperService } from './maintenance/sweeper.service';
import { PollService } from './poll/poll.service';
import { DeliverySettler } from './sync/delivery-settler';
import { DeliveryTargets } from './sync/delivery-targets';
import { EffectBatcher } from './sync/effect-batcher';
import { EventStore } from './sync/event-store';
import { SubscriptionHealth } from './sync/subscription-health';
import { SyncService } from './sync/sync.service';
import { WorkerRunner } from './worker-runner.service';

const SERVICES = [
  InboxIntake,
  IdentityMerges,
  IdentityService,
  IdentitySeeder,
  TargetViewService,
  EventStore,
  DeliverySettler,
  DeliveryTargets,
  SubscriptionHealth,
  EffectBatcher,
  CancellationFanout,
  IngestService,
  SyncService,
  PollService,
  SweeperService,
  RetentionService,
];

/**
 * The pipeline, shared by both process kinds: the hub uses its intake, identity and settler; with
 * `consume: true` this process also runs the queue consumers, the schedules and the push streams (HUB_ROLE all
 * or worker).
 */
@Module({})
export class PipelineModule {
  static register(options: { consume: boolean }): DynamicModule {
    return {
      module: PipelineModule,
      providers: [...SERVICES, ...(options.consume ? [WorkerRunner, StreamKeeper] : [])],
      exports: SERVICES,
    };
  }
}
