import type { INestApplication } from '@nestjs/common';
import type { VendorTraffic } from '../common/traffic-gate';
import { KingdeeCosmicGateService } from './cosmic/kingdee-cosmic-gate.service';
import { KingdeeK3GateService } from './k3/kingdee-k3-gate.service';

/** The Kingdee simulators' shares of the traffic gate. */
export function kingdeeGates(app: INestApplication): VendorTraffic[] {
  return [app.get(KingdeeK3GateService), app.get(KingdeeCosmicGateService)];
}
