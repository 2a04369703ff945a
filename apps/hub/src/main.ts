import { hubRoleFromEnv } from './core/core.tokens';
import { runProcess } from './run-process';

/** Entry point: HUB_ROLE=all (default: HTTP and worker in one process), hub, or worker. */
runProcess(hubRoleFromEnv);
