import 'reflect-metadata';
import { InvalidConfigError } from '@hub/config';
import { hubRoleFromEnv } from './core/core.tokens';
import { runtimeOptionsFromEnv } from './core/runtime-options';
import { startHub } from './hub.bootstrap';

/** Entry point: HUB_ROLE=all (default: HTTP and worker in one process), hub, or worker. */
async function main(): Promise<void> {
  const role = hubRoleFromEnv();
  const hub = await startHub(runtimeOptionsFromEnv(role), { port: process.env.PORT ? Number(process.env.PORT) : undefined });
  const stop = async (signal: string) => {
    process.stderr.write(`received ${signal}, shutting down\n`);
    await hub.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof InvalidConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`hub failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
