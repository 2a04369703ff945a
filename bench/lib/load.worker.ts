import { parentPort, workerData } from 'node:worker_threads';
import { runLoad, type LoadSpec } from './load';

/**
 * Worker-thread entry of the load generator: it gets its own event loop, so generating and
 * encrypting requests does not run on the event loop of the in-process hub it measures.
 */
/** Says the presigned requests are ready, and waits for the driver's go (it samples CPU in between). */
const ready = (): Promise<void> =>
  new Promise((resolve) => {
    parentPort?.once('message', () => resolve());
    parentPort?.postMessage({ ready: true });
  });

runLoad(workerData as LoadSpec, ready).then(
  (result) => parentPort?.postMessage({ result }),
  (e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) }),
);
