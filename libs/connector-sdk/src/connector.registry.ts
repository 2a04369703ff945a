import type { Connector } from './connector';
import { EFFECT_TYPES } from './effects';

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

/** Checks a connector's self-description; boot fails with the first problem found. */
export function checkConnectorDeclaration(c: Connector): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]*$/.test(c.id)) problems.push(`id "${c.id}" must be lower-case kebab`);
  const cap = c.capabilities;
  if (cap.inbound.includes('webhook') && !c.verifyWebhook) problems.push('declares inbound webhook but has no verifyWebhook');
  if (cap.inbound.includes('poll') && !c.poll) problems.push('declares inbound poll but has no poll');
  for (const e of [...cap.effects, ...Object.keys(cap.unsupported)]) {
    if (!(EFFECT_TYPES as readonly string[]).includes(e)) problems.push(`unknown effect type "${e}"`);
  }
  for (const e of cap.effects) {
    if (e in cap.unsupported) problems.push(`effect "${e}" is declared both supported and unsupported`);
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
}
