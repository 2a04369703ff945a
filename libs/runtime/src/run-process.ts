import 'reflect-metadata';
import { InvalidConfigError } from '@hub/config';

/** Something started that can be stopped. */
export interface Stoppable {
  close(): Promise<void>;
}

/** Runs one process until SIGTERM/SIGINT; a bad config or a failed start exits 1 with the reason. */
export function runProcess(start: () => Promise<Stoppable>): void {
  const run = async () => {
    const running = await start();
    const stop = async (signal: string) => {
      process.stderr.write(`received ${signal}, shutting down\n`);
      await running.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  };
  run().catch((e: unknown) => {
    if (e instanceof InvalidConfigError) process.stderr.write(`${e.message}\n`);
    else process.stderr.write(`failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
