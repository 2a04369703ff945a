/**
 * Argument templates of configured NC operations: `{{name}}` writes the value as text, `{{name|json}}` as a JSON
 * literal (quoted and escaped; arrays and objects as JSON), so a template can build the JSON text an existing NC
 * interface expects: `{"psnId":{{candidate.externalId|json}},"tags":{{tags|json}}}`.
 */

export type TemplateValue = string | number | boolean | string[] | Record<string, unknown> | null | undefined;

export interface Placeholder {
  name: string;
  json: boolean;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*(\|\s*json\s*)?\}\}/g;

/** Every placeholder of a template, in order. */
export function placeholders(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1], json: !!m[2] }));
}

/** `{{` left over once every well-formed placeholder is removed: a typo such as `{{ json }` or `{{a|xml}}`. */
export function malformedPlaceholder(template: string): string | undefined {
  const rest = template.replace(PLACEHOLDER, '');
  const at = rest.indexOf('{{');
  return at === -1 ? undefined : rest.slice(at, at + 30);
}

function asText(v: TemplateValue): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Renders a template; an absent value is empty text, or `null` with `|json`. */
export function renderTemplate(template: string, vars: Readonly<Record<string, TemplateValue>>): string {
  return template.replace(PLACEHOLDER, (_m, name: string, json: string | undefined) => {
    const value = vars[name];
    return json ? JSON.stringify(value ?? null) : asText(value);
  });
}

/** Renders every argument of an operation. */
export function renderArgs(args: Readonly<Record<string, string>>, vars: Readonly<Record<string, TemplateValue>>): Record<string, string> {
  return Object.fromEntries(Object.entries(args).map(([name, template]) => [name, renderTemplate(template, vars)]));
}

/** Whether some argument passes the effect's idempotency key (the only way NC can drop a repeat). */
export function carriesIdempotencyKey(args: Readonly<Record<string, string>>): boolean {
  return Object.values(args).some((t) => placeholders(t).some((p) => p.name === 'idempotencyKey'));
}
