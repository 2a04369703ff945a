import type { ConfigProblem } from './config-error';
import type { TenantConfig } from './config.types';

/** API keys published in this repository, its docs and common examples: never accepted in production. */
export const WELL_KNOWN_API_KEYS: readonly string[] = [
  'demo-api-key-0000000001',
  'changeme',
  'change-me',
  'changeit',
  'password',
  'secret',
  'api-key',
  'apikey',
  'test',
  'example',
  'your-api-key',
  'replace-me',
];

/** The shortest API key production mode accepts. */
export const MIN_PRODUCTION_API_KEY_LENGTH = 24;

/** Whether the process runs in production mode (NODE_ENV=production), where weak API keys stop boot. */
export function isProductionMode(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production';
}

/** Whether `key` is one of the well-known keys (compared without case and surrounding space). */
export function isWellKnownApiKey(key: string): boolean {
  const k = key.trim().toLowerCase();
  return WELL_KNOWN_API_KEYS.includes(k);
}

/** Production mode: every API key must be neither well known nor short. Problems name the tenant and the key's name, never its value. */
export function weakApiKeyProblems(tenants: TenantConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const fix = 'generate one (openssl rand -base64 32) and give it as ${env:NAME}';
  for (const t of tenants) {
    t.apiKeys.forEach((k, i) => {
      const at = { file: t.file, path: `/apiKeys/${i}/key` };
      if (isWellKnownApiKey(k.key)) problems.push({ ...at, message: `(key "${k.name}" of tenant "${t.id}") is a well-known key, refused in production mode (NODE_ENV=production)`, fix });
      else if (k.key.length < MIN_PRODUCTION_API_KEY_LENGTH) problems.push({ ...at, message: `(key "${k.name}" of tenant "${t.id}") is ${k.key.length} characters long; production mode (NODE_ENV=production) needs at least ${MIN_PRODUCTION_API_KEY_LENGTH}`, fix });
    });
  }
  return problems;
}
