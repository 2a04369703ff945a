import { Module, type DynamicModule } from '@nestjs/common';
import { PipelineModule } from '@hub/pipeline';
import { CoreModule, type RuntimeOptions } from '@hub/runtime';
import { CancellationsController } from './cancellations/cancellations.controller';
import { CancellationsService } from './cancellations/cancellations.service';
import { CandidateLinksService } from './candidates/candidate-links.service';
import { CandidatesController } from './candidates/candidates.controller';
import { HealthController } from './health/health.controller';
import { ApiKeyGuard } from './http/api-key.guard';
import { InboxController } from './inbox/inbox.controller';
import { MetricsController } from './metrics/metrics.controller';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { WebhookIngressService } from './webhooks/webhook-ingress.service';
import { WebhooksController } from './webhooks/webhooks.controller';

/** The HTTP process module: the API and vendor webhooks, plus the queue consumers for HUB_ROLE=all. */
@Module({})
export class HubModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    return {
      module: HubModule,
      imports: [CoreModule.forRoot(options), PipelineModule.register({ consume: options.role === 'all' })],
      controllers: [WebhooksController, CancellationsController, CandidatesController, SubscriptionsController, InboxController, HealthController, MetricsController],
      providers: [WebhookIngressService, CancellationsService, CandidateLinksService, ApiKeyGuard],
    };
  }
}
