import { Module } from '@nestjs/common';
import { CancellationFanout } from './pipeline/cancellation-fanout.service';
import { IngestService } from './pipeline/ingest.service';
import { PollService } from './pipeline/poll.service';
import { SweeperService } from './pipeline/sweeper.service';
import { SyncService } from './pipeline/sync.service';
import { WorkerRunner } from './worker-runner.service';

/** The pipeline services. With `run: true` this process also consumes the queues. */
@Module({})
export class WorkerModule {
  static register(run: boolean) {
    const services = [CancellationFanout, IngestService, SyncService, PollService, SweeperService];
    return {
      module: WorkerModule,
      providers: [...services, ...(run ? [WorkerRunner] : [])],
      exports: services,
    };
  }
}
