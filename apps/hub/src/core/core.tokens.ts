/** The config's injection token (the classes themselves serve as tokens elsewhere), and the process role. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');

export type HubRole = 'all' | 'hub' | 'worker';

export function hubRoleFromEnv(env: NodeJS.ProcessEnv = process.env): HubRole {
  const role = env.HUB_ROLE ?? 'all';
  if (role !== 'all' && role !== 'hub' && role !== 'worker') {
    throw new Error(`HUB_ROLE must be all, hub or worker (got "${role}")`);
  }
  return role;
}
