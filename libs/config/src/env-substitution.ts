const PLACEHOLDER = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** A `${env:NAME}` that named a variable which is not set and has no `:-default`. */
export interface MissingEnv {
  path: string;
  name: string;
}

/**
 * Replaces `${env:NAME}` and `${env:NAME:-default}` in every string of a parsed YAML tree.
 * Returns the new tree, the paths whose values came from the environment (treated as secrets
 * when logging), and the variables that were missing.
 */
export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  path = '',
): { value: unknown; missing: MissingEnv[]; fromEnv: string[] } {
  const missing: MissingEnv[] = [];
  const fromEnv: string[] = [];
  const walk = (v: unknown, p: string): unknown => {
    if (typeof v === 'string') {
      let touched = false;
      const out = v.replace(PLACEHOLDER, (_m, name: string, fallback: string | undefined) => {
        touched = true;
        const set = env[name];
        if (set !== undefined && set !== '') return set;
        if (fallback !== undefined) return fallback;
        missing.push({ path: p || '/', name });
        return '';
      });
      if (touched) fromEnv.push(p || '/');
      return out;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${p}/${i}`));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, `${p}/${k}`)]));
    }
    return v;
  };
  return { value: walk(value, path), missing, fromEnv };
}
