import '@hub/connectors';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { InvalidConfigError, loadConfig } from '@hub/config';
import { Repositories, SecretCipher, mongoSealedValues, resealSecrets, type ResealReport } from '@hub/persistence';

const counts = (r: ResealReport) => `re-sealed ${r.resealed}, already current ${r.skipped}, failed ${r.failed}`;

/**
 * `npm run secrets:reseal`: with the hub's own environment (config dir, MONGO_URL, HUB_ENCRYPTION_KEY and
 * HUB_ENCRYPTION_KEYS_OLD), re-seals every sealed value in the database under the current key. Writes
 * progress lines; answers the exit code: 0 when every value is now under the current key, 1 otherwise
 * (each failure named by its record, never by its value) or when it could not start.
 */
export async function resealSecretsCommand(env: NodeJS.ProcessEnv, write: (line: string) => void): Promise<number> {
  let cipher: SecretCipher;
  try {
    const config = loadConfig({ env, connectors: ConnectorRegistry.fromRegistered() });
    cipher = SecretCipher.fromSettings(config.hub.security);
  } catch (e) {
    write(e instanceof InvalidConfigError ? e.message : `cannot start: ${(e as Error).message}`);
    return 1;
  }
  if (!env.MONGO_URL) {
    write('MONGO_URL is not set: run this with the environment of the hub');
    return 1;
  }
  write(`re-sealing every sealed secret under key ${cipher.keyId}`);
  const repos = await Repositories.connect(env.MONGO_URL);
  try {
    const report = await resealSecrets(mongoSealedValues(repos.db), cipher, (r) => write(`… ${counts(r)}`));
    for (const f of report.failures) write(`failed: ${f.binding}: ${f.reason}`);
    write(`done: ${counts(report)}`);
    if (report.failed) write('the failed values are as they were: give this command the keys that sealed them (HUB_ENCRYPTION_KEYS_OLD) and run it again');
    return report.failed ? 1 : 0;
  } finally {
    await repos.close();
  }
}
