import type { YonyouBipSeed } from './bip/yonyou-bip.types';
import type { YonyouNcSeed } from './nc/yonyou-nc.types';
import type { YonyouU8Seed } from './u8/yonyou-u8.types';

/** Seed block `yonyou`: one entry per simulated Yonyou product. */
export interface YonyouSeed {
  bip?: YonyouBipSeed;
  nc?: YonyouNcSeed;
  u8?: YonyouU8Seed;
}
