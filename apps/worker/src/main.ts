import 'reflect-metadata';
import { InvalidConfigError } from '@hub/config';
import { runtimeOptionsFromEnv } from '../../hub/src/core/runtime-options';
import { startHub } from '../../hub/src/hub.bootstrap';

/** Worker-only process (production scale-out): consumes the queues, serves no HTTP. */
async function main(): Promise<void> {
  const worker = await startHub(runtimeOptionsFromEnv('worker'));
  const stop = async (signal: string) => {
    process.stderr.write(`received ${signal}, shutting down\n`);
    await worker.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof InvalidConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`worker failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
