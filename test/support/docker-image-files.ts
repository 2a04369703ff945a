import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * What a Dockerfile's final stage would hold from the build context, worked out without a Docker engine:
 * the context is the directory minus `.dockerignore`; `COPY` (with `--from=<stage>`) is followed from stage to
 * stage. Files that `RUN` steps produce (node_modules, dist) are not known here; everything the context
 * contributes is. Returns image path → context-relative path.
 */
export function imageFilesFromContext(contextDir: string, dockerfile = 'Dockerfile'): Map<string, string> {
  const context = contextFiles(contextDir, dockerignorePatterns(contextDir));
  const stages: { name?: string; files: Map<string, string> }[] = [];
  let workdir = '/';
  for (const instruction of instructions(readFileSync(join(contextDir, dockerfile), 'utf8'))) {
    const [op, ...args] = instruction;
    if (op === 'FROM') {
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      const base = stages.find((s) => s.name && s.name === args[0]);
      stages.push({ name: as >= 0 ? args[as + 1] : undefined, files: new Map(base?.files ?? []) });
      workdir = '/';
    } else if (op === 'WORKDIR') {
      workdir = posix.resolve(workdir, args[0]);
    } else if ((op === 'COPY' || op === 'ADD') && stages.length) {
      const from = args.find((a) => a.startsWith('--from='))?.slice('--from='.length);
      const paths = args.filter((a) => !a.startsWith('--'));
      const dest = paths.pop() as string;
      const source = from === undefined ? contextAsImage(context) : stages.find((s, i) => s.name === from || String(i) === from)?.files;
      if (!source) continue; // another image: nothing of the context
      const target = stages[stages.length - 1].files;
      for (const [imagePath, origin] of copied(source, paths, posix.resolve(workdir, dest), dest.endsWith('/') || paths.length > 1)) {
        target.set(imagePath, origin);
      }
    }
  }
  return stages[stages.length - 1]?.files ?? new Map();
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped, JSON arrays split. */
function instructions(text: string): string[][] {
  const joined = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return joined.map((line) => {
    const [op, rest] = [line.split(/\s+/)[0].toUpperCase(), line.slice(line.split(/\s+/)[0].length).trim()];
    const flags = rest.match(/^(--\S+\s+)*/)?.[0] ?? '';
    const body = rest.slice(flags.length);
    const operands = body.startsWith('[') ? (JSON.parse(body) as string[]) : body.split(/\s+/);
    return [op, ...flags.split(/\s+/).filter(Boolean), ...operands];
  });
}

/** `COPY <sources> <dest>`: a directory's contents go under dest; a file goes to dest (or into it when dest is a directory). */
function copied(source: Map<string, string>, sources: string[], dest: string, destIsDir: boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const src of sources) {
    const pattern = globRegExp(posix.resolve('/', src)); // context paths and other stages' paths both start at their root
    for (const [path, origin] of source) {
      const whole = [...ancestors(path)].find((a) => pattern.test(a));
      if (whole === undefined) continue;
      if (whole !== path) out.push([posix.join(dest, path.slice(whole === '/' ? 1 : whole.length + 1)), origin]);
      else out.push([destIsDir || isDirectory(source, dest) ? posix.join(dest, posix.basename(path)) : dest, origin]);
    }
  }
  return out;
}

function contextAsImage(context: string[]): Map<string, string> {
  return new Map(context.map((f) => [`/${f}`, f]));
}

function* ancestors(path: string): Generator<string> {
  for (let p = path; ; p = posix.dirname(p)) {
    yield p;
    if (p === '/') return;
  }
}

function isDirectory(files: Map<string, string>, path: string): boolean {
  return [...files.keys()].some((f) => f.startsWith(`${path}/`));
}

function globRegExp(pattern: string): RegExp {
  const clean = pattern.replace(/\/+$/, '') || '/';
  let re = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '*' && clean[i + 1] === '*') {
      re += '.*';
      i++;
      if (clean[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** `.dockerignore` as (exclude, pattern) pairs; the last match decides, and a matched directory takes its contents. */
function dockerignorePatterns(contextDir: string): { exclude: boolean; re: RegExp }[] {
  const file = join(contextDir, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ exclude: !l.startsWith('!'), re: globRegExp(`/${posix.normalize(l.replace(/^!/, '')).replace(/^\/+/, '')}`) }));
}

function ignored(path: string, patterns: { exclude: boolean; re: RegExp }[]): boolean {
  let out = false;
  for (const p of patterns) if ([...ancestors(`/${path}`)].some((a) => a !== '/' && p.re.test(a))) out = p.exclude;
  return out;
}

/** Every file of the build context (relative paths), `.dockerignore` applied; excluded directories are skipped unless a `!` pattern may bring something back. */
function contextFiles(dir: string, patterns: { exclude: boolean; re: RegExp }[], rel = ''): string[] {
  const reincludes = patterns.some((p) => !p.exclude);
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory() && (reincludes || !ignored(path, patterns))) out.push(...contextFiles(dir, patterns, path));
    else if (entry.isFile() && !ignored(path, patterns)) out.push(path);
  }
  return out;
}
