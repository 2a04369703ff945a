import { resealSecretsCommand } from './reseal-secrets.command';

/** Entry point of `npm run secrets:reseal` (see reseal-secrets.command.ts). */
resealSecretsCommand(process.env, (line) => process.stdout.write(`${line}\n`)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`re-seal stopped: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
