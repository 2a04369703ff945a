import { runProcess } from '../../hub/src/run-process';

/** Worker-only process (production scale-out): consumes the queues, serves no HTTP. */
runProcess(() => 'worker');
