import 'reflect-metadata';
import { InvalidConfigError } from '@hub/config';
import type { HubRole } from './core/core.tokens';
import { runtimeOptionsFromEnv } from './core/runtime-options';
import { startHub } from './hub.bootstrap';

/** Runs one hub process until SIGTERM/SIGINT; a bad config or a failed start exits 1 with the reason. */
export function runProcess(role: () => HubRole): void {
  const start = async () => {
    const hub = await startHub(runtimeOptionsFromEnv(role()), { port: process.env.PORT ? Number(process.env.PORT) : undefined });
    const stop = async (signal: string) => {
      process.stderr.write(`received ${signal}, shutting down\n`);
      await hub.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  };
  start().catch((e: unknown) => {
    if (e instanceof InvalidConfigError) process.stderr.write(`${e.message}\n`);
    else process.stderr.write(`failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
