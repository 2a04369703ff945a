import { Module } from '@nestjs/common';
import { YonyouBipModule } from './bip/yonyou-bip.module';
import { YonyouNcModule } from './nc/yonyou-nc.module';
import { YonyouU8Module } from './u8/yonyou-u8.module';

/** The Yonyou simulators: YonBIP REST and push, NC over SOAP, U8 OpenAPI. */
@Module({
  imports: [YonyouBipModule, YonyouNcModule, YonyouU8Module],
  exports: [YonyouBipModule, YonyouNcModule, YonyouU8Module],
})
export class YonyouModule {}
