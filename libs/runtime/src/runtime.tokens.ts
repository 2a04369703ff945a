/** Injection tokens of the shared runtime (classes serve as their own tokens elsewhere), and the process role. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const RUNTIME_OPTIONS = Symbol('RUNTIME_OPTIONS');

/** `all`: HTTP and worker in one process · `hub`: HTTP only · `worker`: queue consumers only. */
export type HubRole = 'all' | 'hub' | 'worker';

export function hubRoleFromEnv(env: NodeJS.ProcessEnv = process.env): HubRole {
  const role = env.HUB_ROLE ?? 'all';
  if (role !== 'all' && role !== 'hub' && role !== 'worker') {
    throw new Error(`HUB_ROLE must be all, hub or worker (got "${role}")`);
  }
  return role;
}
