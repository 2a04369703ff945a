import type { KingdeeCosmicSeed } from './cosmic/kingdee-cosmic.types';
import type { K3Seed } from './k3/kingdee-k3.types';

/** Seed block `kingdee` of the sandbox: one entry per Kingdee product simulator. */
export interface KingdeeSeed {
  k3?: K3Seed;
  cosmic?: KingdeeCosmicSeed;
}
