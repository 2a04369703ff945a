import { readFileSync } from 'node:fs';
import type { BeisenSeed } from './beisen/beisen.types';
import type { DingtalkSeed } from './dingtalk/dingtalk.types';
import type { KingdeeSeed } from './kingdee/kingdee.types';
import type { YonyouSeed } from './yonyou/yonyou.types';

/** Initial state of every simulated vendor; one block per vendor. */
export interface SandboxSeed {
  /** Free text (e.g. the demo credentials); ignored by the simulator. */
  comment?: string | string[];
  dingtalk?: DingtalkSeed;
  yonyou?: YonyouSeed;
  kingdee?: KingdeeSeed;
  beisen?: BeisenSeed;
}

export interface SandboxAppOptions {
  port?: number;
  host?: string;
  seed?: SandboxSeed;
  logger?: boolean;
}

/** DI token under which the module receives the seed. */
export const SANDBOX_SEED = Symbol('SANDBOX_SEED');

export function loadSeedFile(path: string): SandboxSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`SANDBOX_SEED: cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as SandboxSeed;
  } catch (error) {
    throw new Error(`SANDBOX_SEED: ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
