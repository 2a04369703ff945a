import type { Connector } from './connector';
import { EFFECT_TYPES, LINK_KINDS, REPEAT_CLASSES } from './effects';

type ConnectorClass = new (...args: never[]) => Connector;

const registered = new Map<string, ConnectorClass>();

/**
 * Registers a connector class under its id. Discovery happens at boot through `ConnectorRegistry`;
 * there is no central switch over vendors anywhere.
 */
export function RegisterConnector(id: string): ClassDecorator {
  return (target) => {
    const existing = registered.get(id);
    if (existing && existing !== (target as unknown)) {
      throw new Error(`connector id "${id}" is registered twice (${existing.name} and ${target.name})`);
    }
    registered.set(id, target as unknown as ConnectorClass);
  };
}

export function registeredConnectorClasses(): ReadonlyMap<string, ConnectorClass> {
  return registered;
}

const isIn = (list: readonly string[], v: string) => list.includes(v);

/** Checks a connector's self-description; boot fails with every problem found. */
export function checkConnectorDeclaration(c: Connector): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]*$/.test(c.id)) problems.push(`id "${c.id}" must be lower-case kebab`);
  const cap = c.capabilities;
  if (cap.inbound.includes('webhook') && !c.verifyWebhook) problems.push('declares inbound webhook but has no verifyWebhook');
  if (cap.inbound.includes('poll') && !c.poll) problems.push('declares inbound poll but has no poll');
  for (const e of [...cap.effects, ...Object.keys(cap.unsupported)]) {
    if (!isIn(EFFECT_TYPES, e)) problems.push(`unknown effect type "${e}"`);
  }
  for (const e of cap.effects) {
    if (e in cap.unsupported) problems.push(`effect "${e}" is declared both supported and unsupported`);
    const repeat = cap.repeat[e];
    if (!repeat) problems.push(`effect "${e}" declares no repeat class (one of ${REPEAT_CLASSES.join(', ')})`);
    else if (!isIn(REPEAT_CLASSES, repeat)) problems.push(`effect "${e}" has unknown repeat class "${repeat}"`);
  }
  for (const [field, map] of [['requiresLinks', cap.requiresLinks], ['usesLinks', cap.usesLinks]] as const) {
    for (const [effect, kinds] of Object.entries(map ?? {})) {
      if (!cap.effects.includes(effect as never)) problems.push(`${field} names "${effect}", which it does not apply`);
      for (const k of kinds ?? []) if (!isIn(LINK_KINDS, k)) problems.push(`${field}.${effect} names unknown link kind "${k}"`);
    }
  }
  for (const k of cap.resolves ?? []) if (!isIn(LINK_KINDS, k)) problems.push(`resolves unknown link kind "${k}"`);
  for (const [effect, batch] of Object.entries(cap.batches ?? {})) {
    if (!cap.effects.includes(effect as never)) problems.push(`batches names "${effect}", which it does not apply`);
    if (!batch || !Number.isInteger(batch.maxItems) || batch.maxItems < 1) problems.push(`batches.${effect}.maxItems needs a positive integer`);
  }
  if (Object.keys(cap.batches ?? {}).length && !c.applyBatch) problems.push('declares batches but has no applyBatch');
  if (cap.resolves?.length && !c.resolve) problems.push('declares resolves but has no resolve');
  if (c.subscriptions && !cap.effects.includes('deliverEvent')) problems.push('serves subscriptions but does not apply deliverEvent');
  const limit = c.defaultRateLimit;
  if (!limit || !Number.isInteger(limit.max) || limit.max < 1 || !Number.isInteger(limit.durationMs) || limit.durationMs < 1) {
    problems.push('defaultRateLimit needs positive integers max and durationMs');
  }
  const names = new Set<string>();
  for (const f of c.credentialFields) {
    if (names.has(f.name)) problems.push(`credential field "${f.name}" declared twice`);
    names.add(f.name);
  }
  return problems.map((p) => `connector ${c.id}: ${p}`);
}

/** The connectors of this process, by id. */
export class ConnectorRegistry {
  private readonly byId = new Map<string, Connector>();

  constructor(connectors: Connector[]) {
    const problems = connectors.flatMap(checkConnectorDeclaration);
    if (problems.length) throw new Error(`invalid connector declarations:\n  ${problems.join('\n  ')}`);
    for (const c of connectors) {
      if (this.byId.has(c.id)) throw new Error(`two connectors share the id "${c.id}"`);
      this.byId.set(c.id, c);
    }
    const targets = connectors.filter((c) => c.subscriptions);
    if (targets.length > 1) throw new Error(`only one connector may serve API subscriptions (${targets.map((c) => c.id).join(', ')} do)`);
  }

  /** Instantiates every class registered with @RegisterConnector. */
  static fromRegistered(factory: (cls: ConnectorClass) => Connector = (cls) => new cls()): ConnectorRegistry {
    return new ConnectorRegistry([...registered.values()].map(factory));
  }

  get(id: string): Connector {
    const c = this.byId.get(id);
    if (!c) throw new Error(`no connector "${id}" is installed (installed: ${this.ids().join(', ')})`);
    return c;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  all(): Connector[] {
    return [...this.byId.values()];
  }

  /** The connector that delivers to API subscriptions, if one is installed. */
  subscriptionConnector(): (Connector & { subscriptions: NonNullable<Connector['subscriptions']> }) | undefined {
    return this.all().find((c): c is Connector & { subscriptions: NonNullable<Connector['subscriptions']> } => !!c.subscriptions);
  }
}
