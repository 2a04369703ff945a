import '@hub/connectors';
import { hubRoleFromEnv, runProcess, runtimeOptionsFromEnv } from '@hub/runtime';
import { startHub } from './hub.bootstrap';

/** Entry point: HUB_ROLE=all (default: HTTP and worker in one process), hub, or worker. */
runProcess(() => startHub(runtimeOptionsFromEnv(hubRoleFromEnv()), { port: process.env.PORT ? Number(process.env.PORT) : undefined }));
