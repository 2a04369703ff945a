/** One problem in one config file: where it is and what to do about it. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
  fix?: string;
}

/** Stops boot: lists every problem found, each naming its file and path. */
export class InvalidConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.file}: ${p.path} ${p.message}${p.fix ? ` — fix: ${p.fix}` : ''}`).join('\n'),
    );
    this.name = 'InvalidConfigError';
  }
}
