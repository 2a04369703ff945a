import { Global, Module } from '@nestjs/common';
import { FaultInjector } from './fault-injector.service';
import { RecordStore } from './record-store.service';
import { ResetRegistry } from './reset-registry.service';
import { SandboxControlController } from './sandbox-control.controller';

/** Vendor-independent plumbing: records, faults, reset, health. */
@Global()
@Module({
  controllers: [SandboxControlController],
  providers: [ResetRegistry, RecordStore, FaultInjector],
  exports: [ResetRegistry, RecordStore, FaultInjector],
})
export class CommonModule {}
