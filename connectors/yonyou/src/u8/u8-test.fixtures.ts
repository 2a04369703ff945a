import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection, Effect, EffectType } from '@hub/connector-sdk';
import { sampleEvent } from '../../../../libs/schema/src/testing/sample-cancellation-event';
import type { SandboxSeed } from '../../../../apps/vendor-sandbox/src/sandbox-options';

/** Spec helpers: the U8 seed example, connections the simulator accepts, fresh effects, and simulator control. */

export const U8_SEED = JSON.parse(readFileSync(join(__dirname, '../../../../apps/vendor-sandbox/seed/yonyou-u8.example.json'), 'utf8')) as SandboxSeed;
export const U8_APP = U8_SEED.yonyou!.u8!.apps![0];

export function u8Connection(baseUrl: string, settings: Record<string, unknown> = {}, credentials: Record<string, string> = {}): Connection {
  return {
    tenantId: 'spec',
    id: 'yonyou-u8',
    connector: 'yonyou-u8',
    credentials: { appKey: U8_APP.appKey, appSecret: U8_APP.appSecret, fromAccount: U8_APP.fromAccount, toAccount: U8_APP.toAccounts[0], ...credentials },
    // No waiting between result polls in specs; the poll count is what they check.
    settings: { baseUrl, resultPoll: { intervalMs: 0 }, ...settings },
  };
}

let n = 0;

/** An effect of a new interview (fresh idempotency key), so nothing of it is in the simulator yet. */
export function u8Effect(type: EffectType, status = 'cancelled'): Effect {
  n += 1;
  const event = sampleEvent();
  event.interview.key = `spec:iv-u8-${n}-${Date.now()}`;
  return { type, idempotencyKey: `delivery-${event.interview.key}-${type}`, event, params: type === 'candidateStatus' ? { status } : {} };
}

export type Json = Record<string, any>;

/** Calls the simulator's control API. */
export async function sandboxControl(baseUrl: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 400) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
