import { Module, type DynamicModule } from '@nestjs/common';
import { WorkerModule } from '../../worker/src/worker.module';
import { CancellationsController } from './cancellations/cancellations.controller';
import { CancellationsService } from './cancellations/cancellations.service';
import { CandidatesController } from './candidates/candidates.controller';
import { CoreModule } from './core/core.module';
import type { RuntimeOptions } from './core/runtime-options';
import { HealthController } from './health/health.controller';
import { ApiKeyGuard } from './http/api-key.guard';
import { InboxController } from './inbox/inbox.controller';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { WebhookIngressService } from './webhooks/webhook-ingress.service';
import { WebhooksController } from './webhooks/webhooks.controller';

/** The process module: HTTP for roles all|hub, the queue consumers for roles all|worker. */
@Module({})
export class HubModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    const http = options.role !== 'worker';
    const runsWorker = options.role !== 'hub';
    return {
      module: HubModule,
      imports: [CoreModule.forRoot(options), WorkerModule.register(runsWorker)],
      controllers: http ? [WebhooksController, CancellationsController, CandidatesController, SubscriptionsController, InboxController, HealthController] : [],
      providers: http ? [WebhookIngressService, CancellationsService, ApiKeyGuard] : [],
    };
  }
}
