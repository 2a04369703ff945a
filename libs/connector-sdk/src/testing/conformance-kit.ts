import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { CancellationEvent } from '@hub/schema';
import type { Connection } from '../connection';
import type { Connector, ResolveHints } from '../connector';
import { ConnectorError, WebhookRejectedError } from '../connector-errors';
import { checkConnectorDeclaration, registeredConnectorClasses } from '../connector.registry';
import type { Effect, EffectParams, EffectType, LinkKind } from '../effects';
import type { RawWebhook } from '../vendor-event';

/**
 * What a connector's contract test provides: the connector wired to its vendor simulator, and
 * hooks that make the simulator produce inputs and failures and report what it received. Optional
 * hooks match optional parts of the connector (no `capturePush` for a connector without webhooks).
 */
export interface ConformanceFixture {
  connector: Connector;
  /** A connection the simulator accepts. */
  connection: Connection;
  /** One push exactly as the simulator sends it. */
  capturePush?: () => Promise<RawWebhook>;
  /** Makes the simulator hold one cancelled item; returns the poll subjects that find it. */
  prepareCancelled?: () => Promise<string[]>;
  /** A canonical event whose interview and people exist in the simulator, with the connection's ids filled in; fresh on every call. */
  sampleEvent: () => Promise<CancellationEvent>;
  /** Parameters the hub would plan for each supported effect. */
  effectParams: Partial<Record<EffectType, EffectParams>>;
  /**
   * How many separate applications of `effect` the simulator holds, counted from what it received: distinct
   * objects written (idempotent effects), distinct idempotency keys accepted (keyed), messages delivered (unsafe).
   */
  applications: (effect: Effect) => Promise<number>;
  /** Makes the simulator answer the next `times` calls with a server error or throttling. */
  failNext: (kind: 'server_error' | 'rate_limited', times: number) => Promise<void>;
  /** A connection whose credentials the simulator refuses, on a fresh connector (no cached token). */
  refusedCredentials: () => { connector: Connector; connection: Connection };
  /** For each kind the connector resolves: hints that find a record the simulator holds, and that record's id. */
  resolvable?: Partial<Record<LinkKind, { hints: ResolveHints; externalId: string; unknown: ResolveHints }>>;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

/**
 * Applies one supported effect the way its repeat class allows the hub to (idempotent and keyed effects twice under
 * one idempotency key, unsafe ones once) and checks, by counting what the simulator received, that it was applied
 * exactly once. Throws naming the effect when it was not: this is what catches a connector that applies twice.
 */
export async function checkAppliedOnce(f: ConformanceFixture, type: EffectType, key: string): Promise<void> {
  const repeat = f.connector.capabilities.repeat[type];
  const effect: Effect = { type, idempotencyKey: key, event: await f.sampleEvent(), params: f.effectParams[type] ?? {} };
  const before = await f.applications(effect);
  if (before !== 0) throw new Error(`${type}: the simulator already holds ${before} application(s) before the first apply; sampleEvent must be fresh`);
  const receipt = await f.connector.apply(effect, f.connection);
  if (receipt.outcome !== 'applied' && receipt.outcome !== 'duplicate') throw new Error(`${type}: first apply answered ${receipt.outcome}`);
  if (repeat !== 'unsafe') {
    const again = await f.connector.apply(effect, f.connection);
    if (again.outcome !== 'applied' && again.outcome !== 'duplicate') throw new Error(`${type}: second apply answered ${again.outcome}`);
  }
  const after = await f.applications(effect);
  const tries = repeat === 'unsafe' ? 'once' : `twice under one idempotency key (${repeat})`;
  if (after !== 1) throw new Error(`${type} applied ${tries}: the simulator holds ${after} applications, expected exactly 1`);
}

/**
 * The shared conformance suite: every connector runs it against its simulator. It checks the
 * declaration, that parse is pure and total, that pushes verify and tampering is refused, that
 * polls are stable (same dedup keys every time), that every supported effect is applied exactly
 * once as its repeat class promises, that `resolve` finds what the simulator holds, and that vendor
 * failures and refused credentials map onto the error taxonomy.
 */
export function describeConnectorConformance(name: string, setup: () => Promise<ConformanceFixture>, teardown: () => Promise<void> = async () => undefined): void {
  describe(`${name} connector conformance`, () => {
    let f: ConformanceFixture;

    beforeAll(async () => {
      f = await setup();
    });
    afterAll(teardown);

    it('declares itself consistently and is registered under its id', () => {
      expect(checkConnectorDeclaration(f.connector)).toEqual([]);
      expect(registeredConnectorClasses().get(f.connector.id)).toBe(f.connector.constructor);
      const ajv = new Ajv({ strict: false, useDefaults: true });
      addFormats(ajv);
      const validate = ajv.compile(f.connector.settingsSchema);
      expect(validate(structuredClone(f.connection.settings))).toBe(true);
      for (const field of f.connector.credentialFields.filter((c) => c.required)) expect(f.connection.credentials[field.name]).toBeTruthy();
    });

    it('parses anything without side effects, refusing unreadable payloads with INVALID only', () => {
      for (const payload of ['{}', '[]', '{"unexpected":true}', 'not json']) {
        const event = { externalEventId: 'conformance-1', kind: 'conformance.unknown', mode: 'poll' as const, payload };
        let first: unknown;
        try {
          first = f.connector.parse(event, f.connection);
        } catch (e) {
          expect(e).toBeInstanceOf(ConnectorError);
          expect((e as ConnectorError).kind).toBe('INVALID');
          continue;
        }
        expect(Array.isArray(first)).toBe(true);
        expect(f.connector.parse(event, f.connection)).toEqual(first);
      }
    });

    it('verifies a real push, with a stable event id, and refuses a tampered one', async () => {
      if (!f.connector.verifyWebhook || !f.capturePush) return expect(f.connector.capabilities.inbound).not.toContain('webhook');
      const push = await f.capturePush();
      const verified = await f.connector.verifyWebhook(push, f.connection);
      expect(verified.reply.status).toBeGreaterThanOrEqual(200);
      expect(verified.reply.status).toBeLessThan(300);
      expect(verified.events.length).toBeGreaterThan(0);
      for (const e of verified.events) expect(e.externalEventId).toBeTruthy();
      const again = await f.connector.verifyWebhook(push, f.connection);
      expect(again.events.map((e) => e.externalEventId)).toEqual(verified.events.map((e) => e.externalEventId));
      for (const e of verified.events) expect(Array.isArray(f.connector.parse(e, f.connection))).toBe(true);

      const bytes = Buffer.from(push.rawBody);
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      const refused = await rejection(f.connector.verifyWebhook({ ...push, rawBody: bytes }, f.connection));
      expect(refused).toBeInstanceOf(WebhookRejectedError);
      expect((refused as WebhookRejectedError).httpStatus).toBeGreaterThanOrEqual(400);
      expect((refused as WebhookRejectedError).httpStatus).toBeLessThan(500);
    });

    it('polls the same cancellations under the same event ids every time', async () => {
      if (!f.connector.poll || !f.prepareCancelled) return expect(f.connector.capabilities.inbound).not.toContain('poll');
      const subjects = await f.prepareCancelled();
      const request = { subjects, scope: 'subjects' as const, now: new Date() };
      const first = await f.connector.poll(f.connection, request);
      const second = await f.connector.poll(f.connection, { ...request, cursor: first.cursor });
      expect(first.events.length).toBeGreaterThan(0);
      expect(new Set(first.events.map((e) => e.externalEventId)).size).toBe(first.events.length);
      expect(second.events.map((e) => e.externalEventId).sort()).toEqual(first.events.map((e) => e.externalEventId).sort());
      const parsed = first.events.flatMap((e) => f.connector.parse(e, f.connection));
      expect(parsed.some((p) => p.kind === 'cancellation')).toBe(true);
    });

    it('applies every supported effect exactly once, as its repeat class promises (counted in the simulator)', async () => {
      for (const type of f.connector.capabilities.effects) await checkAppliedOnce(f, type, `conformance-${type}-${Date.now()}`);
    });

    it('finds the records the simulator holds through resolve, and nothing for unknown hints', async () => {
      const kinds = f.connector.capabilities.resolves ?? [];
      if (!kinds.length) return expect(f.connector.resolve).toBeUndefined();
      for (const kind of kinds) {
        const case_ = f.resolvable?.[kind];
        if (!case_) throw new Error(`the fixture gives no resolvable case for "${kind}", which the connector declares it resolves`);
        expect((await f.connector.resolve?.(kind, case_.hints, f.connection))?.externalId).toBe(case_.externalId);
        expect(await f.connector.resolve?.(kind, case_.unknown, f.connection)).toBeUndefined();
      }
    });

    it('maps a vendor server error to TEMPORARY and throttling to RATE_LIMITED', async () => {
      const type = f.connector.capabilities.effects[0];
      const effect = { type, idempotencyKey: 'conformance-failure', event: await f.sampleEvent(), params: f.effectParams[type] ?? {} };
      await f.failNext('server_error', 1);
      const server = await rejection(f.connector.apply(effect, f.connection));
      expect(server).toBeInstanceOf(ConnectorError);
      expect((server as ConnectorError).kind).toBe('TEMPORARY');
      await f.failNext('rate_limited', 1);
      const throttled = await rejection(f.connector.apply(effect, f.connection));
      expect(throttled).toBeInstanceOf(ConnectorError);
      expect((throttled as ConnectorError).kind).toBe('RATE_LIMITED');
    });

    it('reports refused credentials as a failure retrying cannot fix', async () => {
      const { connector, connection } = f.refusedCredentials();
      const type = connector.capabilities.effects[0];
      const e = await rejection(connector.apply({ type, idempotencyKey: 'conformance-auth', event: await f.sampleEvent(), params: f.effectParams[type] ?? {} }, connection));
      expect(e).toBeInstanceOf(ConnectorError);
      expect(['PERMANENT', 'AUTH_EXPIRED']).toContain((e as ConnectorError).kind);
    });
  });
}
