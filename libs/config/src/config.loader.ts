import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { describeAjvErrors } from '@hub/schema';
import type { Connector } from '@hub/connector-sdk';
import { isProductionMode, weakApiKeyProblems } from './api-key-policy';
import { InvalidConfigError, type ConfigProblem } from './config-error';
import type { HubConfig, LoadedConfig, TenantConfig } from './config.types';
import { substituteEnv } from './env-substitution';
import { checkOutboundAllowList } from './outbound-config.check';
import hubSchema from './hub-config.schema.json';
import tenantSchema from './tenant-config.schema.json';

/** Looks up installed connectors by id; the loader validates connections against their declarations. */
export interface ConnectorLookup {
  has(id: string): boolean;
  get(id: string): Connector;
  ids(): string[];
}

export interface LoadOptions {
  dir?: string;
  env?: NodeJS.ProcessEnv;
  connectors: ConnectorLookup;
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: true, strict: false });
addFormats(ajv);
const validateHub = ajv.compile<HubConfig>(hubSchema);
const validateTenant = ajv.compile(tenantSchema);
const settingsValidators = new Map<string, ValidateFunction>();

/** The config directory: `HUB_CONFIG_DIR`, else `./config`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.HUB_CONFIG_DIR || 'config');
}

/**
 * Loads `hub.yaml` and every `tenants/*.yaml`, substitutes `${env:…}`, validates all of it, and
 * throws one InvalidConfigError listing every problem (file, path, fix) if anything is wrong.
 */
export function loadConfig(options: LoadOptions): LoadedConfig {
  const dir = options.dir ?? configDir(options.env);
  const env = options.env ?? process.env;
  const problems: ConfigProblem[] = [];
  const shown = (file: string) => {
    const rel = relative(process.cwd(), file);
    return rel && !rel.startsWith('..') ? rel : file;
  };

  const hubFile = join(dir, 'hub.yaml');
  const hub = readYaml(hubFile, env, problems, shown) as HubConfig | undefined;
  if (hub !== undefined && !validateHub(hub)) problems.push(...violations(shown(hubFile), validateHub));

  const tenantsDir = join(dir, 'tenants');
  const tenants: TenantConfig[] = [];
  const files = existsSync(tenantsDir) ? readdirSync(tenantsDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  if (!files.length) problems.push({ file: shown(tenantsDir), path: '/', message: 'holds no tenant file', fix: 'add tenants/<tenantId>.yaml (config/tenants/README.md shows one), or point HUB_CONFIG_DIR at your config' });
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = join(tenantsDir, name);
    const tenant = readYaml(file, env, problems, shown) as TenantConfig | undefined;
    if (tenant === undefined) continue;
    if (!validateTenant(tenant)) {
      problems.push(...violations(shown(file), validateTenant));
      continue;
    }
    tenant.file = shown(file);
    const expectedId = name.replace(/\.ya?ml$/, '');
    if (tenant.id !== expectedId) {
      problems.push({ file: tenant.file, path: '/id', message: `is "${tenant.id}" but the file is named ${name}`, fix: `rename the file to ${tenant.id}.yaml or set id: ${expectedId}` });
    }
    if (seen.has(tenant.id)) problems.push({ file: tenant.file, path: '/id', message: `"${tenant.id}" is also used by ${seen.get(tenant.id)}` });
    seen.set(tenant.id, tenant.file);
    problems.push(...checkConnections(tenant, options.connectors));
    problems.push(...checkIdentity(tenant));
    tenants.push(tenant);
  }
  problems.push(...checkApiKeysUnique(tenants));
  if (isProductionMode(env)) problems.push(...weakApiKeyProblems(tenants));
  if (hub !== undefined) problems.push(...checkRateLimits(hub, shown(hubFile), options.connectors));
  if (hub !== undefined) problems.push(...checkOutboundAllowList(hub, shown(hubFile)));
  if (problems.length) throw new InvalidConfigError(problems);
  return { dir, hub: hub as HubConfig, tenants };
}

function readYaml(file: string, env: NodeJS.ProcessEnv, problems: ConfigProblem[], shown: (f: string) => string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push({ file: shown(file), path: '/', message: `cannot be read (${(e as NodeJS.ErrnoException).code})`, fix: 'create it or set HUB_CONFIG_DIR' });
    return undefined;
  }
  const doc = parseDocument(text);
  if (doc.errors.length) {
    for (const err of doc.errors) problems.push({ file: shown(file), path: `line ${err.linePos?.[0].line ?? '?'}`, message: err.message.split('\n')[0] });
    return undefined;
  }
  const { value, missing } = substituteEnv(doc.toJS(), env);
  for (const m of missing) {
    problems.push({ file: shown(file), path: m.path, message: `needs environment variable ${m.name}, which is not set`, fix: `export ${m.name}=… or write \${env:${m.name}:-default}` });
  }
  return value ?? {};
}

function violations(file: string, validate: ValidateFunction): ConfigProblem[] {
  return describeAjvErrors(validate.errors).map((v) => ({ file, path: v.path, message: v.message }));
}

function checkConnections(tenant: TenantConfig, connectors: ConnectorLookup): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const ids = new Set<string>();
  tenant.connections.forEach((conn, i) => {
    const at = `/connections/${i}`;
    if (ids.has(conn.id)) problems.push({ file: tenant.file, path: `${at}/id`, message: `"${conn.id}" is used twice in this tenant` });
    ids.add(conn.id);
    if (!connectors.has(conn.connector)) {
      problems.push({ file: tenant.file, path: `${at}/connector`, message: `names "${conn.connector}", which is not installed`, fix: `use one of: ${connectors.ids().join(', ')}` });
      return;
    }
    const connector = connectors.get(conn.connector);
    for (const field of connector.credentialFields) {
      if (field.required && !conn.credentials[field.name]) {
        problems.push({ file: tenant.file, path: `${at}/credentials/${field.name}`, message: 'is required', fix: `${field.description}${field.secret ? ' (secret: use ${env:NAME})' : ''}` });
      }
    }
    for (const name of Object.keys(conn.credentials)) {
      if (!connector.credentialFields.some((f) => f.name === name)) {
        problems.push({ file: tenant.file, path: `${at}/credentials/${name}`, message: `is not a credential of the ${conn.connector} connector`, fix: `known: ${connector.credentialFields.map((f) => f.name).join(', ')}` });
      }
    }
    const validateSettings = settingsValidator(connector);
    if (!validateSettings(conn.settings)) {
      problems.push(...describeAjvErrors(validateSettings.errors).map((v) => ({ file: tenant.file, path: `${at}/settings${v.path === '/' ? '' : v.path}`, message: v.message })));
    }
    for (const field of ['effects', 'originEffects'] as const) {
      for (const effect of conn[field] ?? []) {
        if (!connector.capabilities.effects.includes(effect as never)) {
          const why = connector.capabilities.unsupported[effect as keyof typeof connector.capabilities.unsupported];
          problems.push({ file: tenant.file, path: `${at}/${field}`, message: `asks for "${effect}", which the ${conn.connector} connector cannot apply${why ? `: ${why}` : ''}`, fix: `use some of: ${connector.capabilities.effects.join(', ')}` });
        }
      }
    }
  });
  return problems;
}

function settingsValidator(connector: Connector): ValidateFunction {
  let v = settingsValidators.get(connector.id);
  if (!v) {
    v = ajv.compile(connector.settingsSchema);
    settingsValidators.set(connector.id, v);
  }
  return v;
}

function checkRateLimits(hub: HubConfig, file: string, connectors: ConnectorLookup): ConfigProblem[] {
  return Object.keys(hub.rateLimits ?? {})
    .filter((id) => !connectors.has(id))
    .map((id) => ({ file, path: `/rateLimits/${id}`, message: `names "${id}", which is not an installed connector`, fix: `use one of: ${connectors.ids().join(', ')}` }));
}

/** Identity tables may only name connections of the same tenant. */
function checkIdentity(tenant: TenantConfig): ConfigProblem[] {
  const known = new Set(tenant.connections.map((c) => c.id));
  const problems: ConfigProblem[] = [];
  for (const [table, rows] of Object.entries(tenant.identity ?? {})) {
    (rows as { ids: Record<string, string> }[]).forEach((row, i) => {
      for (const conn of Object.keys(row.ids)) {
        if (!known.has(conn)) problems.push({ file: tenant.file, path: `/identity/${table}/${i}/ids/${conn}`, message: `names connection "${conn}", which this tenant does not have`, fix: `use one of: ${[...known].join(', ')}` });
      }
    });
  }
  return problems;
}

function checkApiKeysUnique(tenants: TenantConfig[]): ConfigProblem[] {
  const owner = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const t of tenants) {
    t.apiKeys.forEach((k, i) => {
      const other = owner.get(k.key);
      if (other && other !== t.id) problems.push({ file: t.file, path: `/apiKeys/${i}/key`, message: `is also an API key of tenant "${other}"`, fix: 'give every tenant its own keys' });
      owner.set(k.key, t.id);
    });
  }
  return problems;
}
