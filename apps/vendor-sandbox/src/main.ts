import { Logger } from '@nestjs/common';
import { createSandboxApp } from './sandbox.app';
import { loadSeedFile } from './sandbox-options';

/** `SANDBOX_PORT` (default 4010), `SANDBOX_HOST` (default 127.0.0.1), `SANDBOX_SEED` (optional JSON seed path). */
async function main(): Promise<void> {
  const logger = new Logger('VendorSandbox');
  const port = Number(process.env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0) throw new Error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  const seedPath = process.env.SANDBOX_SEED;
  const seed = seedPath ? loadSeedFile(seedPath) : {};
  const sandbox = await createSandboxApp({ port, host: process.env.SANDBOX_HOST, seed, logger: true });
  logger.log(`vendor sandbox listening on ${sandbox.url} (seed: ${seedPath ?? 'none'})`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`vendor sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
