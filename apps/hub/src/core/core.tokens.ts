/** Injection tokens of the shared runtime (the classes themselves serve as tokens elsewhere). */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const HUB_ROLE = Symbol('HUB_ROLE');

export type HubRole = 'all' | 'hub' | 'worker';

export function hubRoleFromEnv(env: NodeJS.ProcessEnv = process.env): HubRole {
  const role = env.HUB_ROLE ?? 'all';
  if (role !== 'all' && role !== 'hub' && role !== 'worker') {
    throw new Error(`HUB_ROLE must be all, hub or worker (got "${role}")`);
  }
  return role;
}
