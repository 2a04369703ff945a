import '@hub/connectors';
import { startWorker } from '@hub/pipeline';
import { runProcess, runtimeOptionsFromEnv } from '@hub/runtime';

/** Worker-only process (production scale-out): consumes the queues, runs the schedules, serves no HTTP. */
runProcess(() => startWorker(runtimeOptionsFromEnv('worker')));
