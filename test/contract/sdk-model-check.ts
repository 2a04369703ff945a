import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CapturedRequest } from './sdk-request-capture';

/**
 * Checks of JSON against the official DingTalk SDK models (`@alicloud/dingtalk`): a Tea model's `names()` maps
 * each property to its wire name, `types()` each property to `'string' | 'number' | 'boolean'`, another model,
 * or `{type: 'array', itemType}`; which fields are required is written only in the generated `client.d.ts`
 * ("This parameter is required."), so it is read from there.
 */

/** A Tea model class of the official SDK. */
export interface TeaModelClass {
  readonly name: string;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

type TeaType = string | TeaModelClass | { type: string; itemType?: TeaType; valueType?: TeaType };

/** One API's contract: its request model and where the official client put each field. */
export interface RequestContract {
  /** SDK service folder, e.g. `ats_1_0`. */
  service: string;
  model: TeaModelClass;
  /** The request the official client made with every field of `model` set. */
  official: CapturedRequest;
}

const SDK_DIST = join(dirname(require.resolve('@alicloud/dingtalk/package.json')), 'dist');
const requiredCache = new Map<string, Map<string, Set<string>>>();

/** Property names marked "This parameter is required." per class of one service's `client.d.ts`. */
function requiredByClass(service: string): Map<string, Set<string>> {
  const cached = requiredCache.get(service);
  if (cached) return cached;
  const byClass = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  let requiredNext = false;
  for (const line of readFileSync(join(SDK_DIST, service, 'client.d.ts'), 'utf8').split('\n')) {
    const declared = /^export declare class (\w+) extends \$tea\.Model/.exec(line);
    if (declared) {
      current = new Set();
      byClass.set(declared[1], current);
      requiredNext = false;
    } else if (!current) continue;
    else if (/^\s+static names\(\)/.test(line)) current = undefined;
    else if (line.includes('This parameter is required.')) requiredNext = true;
    else {
      const property = /^\s+(\w+)\??:/.exec(line);
      if (property) {
        if (requiredNext) current.add(property[1]);
        requiredNext = false;
      }
    }
  }
  requiredCache.set(service, byClass);
  return byClass;
}

/** Wire names of the required fields of `model`. */
export function requiredWireNames(service: string, model: TeaModelClass): string[] {
  const names = model.names();
  return [...(requiredByClass(service).get(model.name) ?? [])].map((p) => names[p] ?? p);
}

function isModel(t: unknown): t is TeaModelClass {
  return typeof t === 'function' && typeof (t as unknown as Partial<TeaModelClass>).names === 'function';
}

/** A value for every field of `model` (property names, as the model's constructor takes them). */
export function fullSample(model: TeaModelClass): Record<string, unknown> {
  const sample = (t: TeaType): unknown => {
    if (isModel(t)) return new (t as unknown as new (m: Record<string, unknown>) => unknown)(fullSample(t));
    if (typeof t === 'object' && t.type === 'array' && t.itemType) return [sample(t.itemType)];
    if (typeof t === 'object') return {};
    return t === 'number' ? 1 : t === 'boolean' ? true : 'x';
  };
  return Object.fromEntries(Object.entries(model.types()).map(([p, t]) => [p, sample(t as TeaType)]));
}

function describe(t: TeaType): string {
  if (isModel(t)) return `object (${t.name})`;
  if (typeof t === 'object') return t.type === 'array' ? `array of ${describe(t.itemType ?? 'any')}` : t.type;
  return t;
}

function jsonType(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** Problems of `value` against type `t`, at `where`. */
function checkValue(service: string, t: TeaType, value: unknown, where: string): string[] {
  if (isModel(t)) {
    if (jsonType(value) !== 'object') return [`${where}: expected ${describe(t)}, got ${jsonType(value)}`];
    return checkObject(service, t, value as Record<string, unknown>, where);
  }
  if (typeof t === 'object') {
    if (t.type === 'array') {
      if (!Array.isArray(value)) return [`${where}: expected ${describe(t)}, got ${jsonType(value)}`];
      return value.flatMap((item, i) => checkValue(service, t.itemType ?? 'any', item, `${where}[${i}]`));
    }
    return jsonType(value) === 'object' ? [] : [`${where}: expected ${t.type}, got ${jsonType(value)}`];
  }
  if (t === 'any') return [];
  return jsonType(value) === t ? [] : [`${where}: expected ${t}, got ${jsonType(value)} ${JSON.stringify(value)}`];
}

/**
 * Problems of a JSON object against `model`: keys the model does not name (wrong name or casing), values of the
 * wrong JSON type, required fields missing. `only` limits the check to these wire names (a request body holds
 * only the fields the official client puts in the body).
 */
export function checkObject(service: string, model: TeaModelClass, value: Record<string, unknown>, where: string, only?: Set<string>): string[] {
  const names = model.names();
  const types = model.types();
  const byWire = new Map(Object.entries(names).map(([p, wire]) => [wire, types[p] as TeaType]));
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const t = byWire.get(key);
    if (!t || (only && !only.has(key))) problems.push(`${where}: unknown key \`${key}\` (not a field of ${model.name})`);
    else if (v !== undefined) problems.push(...checkValue(service, t, v, `${where}.${key}`));
  }
  for (const wire of requiredWireNames(service, model)) {
    if ((!only || only.has(wire)) && value[wire] === undefined) problems.push(`${where}: required \`${wire}\` of ${model.name} is missing`);
  }
  return problems;
}

function queryValueFits(t: TeaType, v: string): boolean {
  if (t === 'number') return /^-?\d+(\.\d+)?$/.test(v);
  if (t === 'boolean') return v === 'true' || v === 'false';
  return t === 'string' || t === 'any';
}

/**
 * Problems of a request against the official model of its API: method and path, every query parameter and body
 * field where the official client puts it, known wire names only, JSON types, required fields present.
 */
export function checkRequest(contract: RequestContract, req: CapturedRequest): string[] {
  const { service, model, official } = contract;
  const problems: string[] = [];
  if (req.method !== official.method) problems.push(`method ${req.method}, the official client uses ${official.method}`);
  if (req.path !== official.path) problems.push(`path ${req.path}, the official client uses ${official.path}`);
  const inQuery = new Set(Object.keys(official.query));
  const officialBody = jsonType(official.body) === 'object' ? (official.body as Record<string, unknown>) : {};
  const inBody = new Set(Object.keys(officialBody));
  const names = model.names();
  const types = model.types();
  const typeOf = new Map(Object.entries(names).map(([p, wire]) => [wire, types[p] as TeaType]));
  for (const [key, v] of Object.entries(req.query)) {
    if (inBody.has(key)) problems.push(`query: \`${key}\` goes in the body of ${model.name}, not in the query`);
    else if (!inQuery.has(key)) problems.push(`query: unknown key \`${key}\` (not a query field of ${model.name})`);
    else if (!queryValueFits(typeOf.get(key) ?? 'any', v)) problems.push(`query.${key}: "${v}" is not a ${describe(typeOf.get(key) ?? 'any')}`);
  }
  const body = req.body === undefined ? {} : req.body;
  if (jsonType(body) !== 'object') return [...problems, `body: expected a JSON object, got ${jsonType(body)}`];
  for (const key of Object.keys(body as Record<string, unknown>)) {
    if (inQuery.has(key)) problems.push(`body: \`${key}\` goes in the query of ${model.name}, not in the body`);
  }
  const bodyOnly = Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => !inQuery.has(k)));
  problems.push(...checkObject(service, model, bodyOnly, 'body', inBody));
  for (const wire of requiredWireNames(service, model)) {
    if (inQuery.has(wire) && req.query[wire] === undefined) problems.push(`query: required \`${wire}\` of ${model.name} is missing`);
  }
  return problems;
}
