import { join, resolve } from 'node:path';
import { register } from 'tsconfig-paths';

/**
 * Like scripts/register-paths.js, but resolves the @hub/* aliases against the compiled tree this file was
 * compiled into: scripts/bench.sh runs the bench (and the hub processes it starts) from a copy of dist/
 * under .run/bench/, so a `npm run build` elsewhere in the tree cannot swap the code under a running bench.
 */
const root = process.env.BENCH_ROOT || process.cwd();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compilerOptions } = require(join(root, 'tsconfig.json')) as { compilerOptions: { paths: Record<string, string[]> } };
register({ baseUrl: resolve(__dirname, '..'), paths: compilerOptions.paths });
