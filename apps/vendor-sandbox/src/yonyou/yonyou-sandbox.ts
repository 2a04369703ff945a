import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { VendorTraffic } from '../common/traffic-gate';
import { YonyouBipGateService } from './bip/yonyou-bip-gate.service';
import { YonyouU8GateService } from './u8/yonyou-u8-gate.service';

/** The Yonyou simulators' shares of the traffic gate (YonBIP and U8 are HTTP; NC is SOAP). */
export function yonyouGates(app: INestApplication): VendorTraffic[] {
  void app;
  return [app.get(YonyouBipGateService), app.get(YonyouU8GateService)];
}

/** Mounts what is not a Nest route: NC's SOAP services on the sandbox's HTTP server. */
export async function attachYonyou(app: INestApplication, server: Server): Promise<void> {
  // Imported here rather than at the top so the other Yonyou simulators' edits of this file never touch this line.
  const { mountYonyouNc } = await import('./nc/yonyou-nc-soap.server');
  await mountYonyouNc(app, server);
}
