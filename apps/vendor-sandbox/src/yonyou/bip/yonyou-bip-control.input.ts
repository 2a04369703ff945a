import { BadRequestException } from '@nestjs/common';
import { tenantIdOf } from './yonyou-bip-seed';
import type { YonyouBipStateService } from './yonyou-bip-state.service';
import type { BipSimulatorSettings, BipTenant } from './yonyou-bip.types';

/** Parsing of control-API bodies; errors are plain 400s naming the field. */

export function controlBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Runs a seed-style check, turning its Error into a 400. */
export function asBadRequest<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof BadRequestException) throw error;
    throw new BadRequestException((error as Error).message);
  }
}

export function tenantFor(state: YonyouBipStateService, tenantId: unknown): BipTenant {
  const id = asBadRequest(() => tenantIdOf(state.tenants, tenantId, 'control call'));
  return state.tenant(id) as BipTenant;
}

const POSITIVE: ReadonlyArray<keyof BipSimulatorSettings> = ['tokenTtlSeconds', 'timestampWindowSeconds', 'authErrorStatus', 'pushTimeoutMs'];

/** Changes the simulator knobs named in `input`, checking each; returns the settings now in force. */
export function updateSettings(current: BipSimulatorSettings, input: Record<string, unknown>): BipSimulatorSettings {
  const next: BipSimulatorSettings = { ...current };
  for (const name of POSITIVE) {
    if (input[name] === undefined) continue;
    const n = Number(input[name]);
    if (!Number.isInteger(n) || n <= 0) throw new BadRequestException(`${name} must be a positive integer`);
    (next[name] as number) = n;
  }
  if (input.authErrorCode !== undefined) {
    if (typeof input.authErrorCode !== 'string' || !input.authErrorCode) throw new BadRequestException('authErrorCode must be a string');
    next.authErrorCode = input.authErrorCode;
  }
  if (input.duplicateReply !== undefined) {
    if (input.duplicateReply !== 'replay' && input.duplicateReply !== 'duplicateCode') throw new BadRequestException('duplicateReply: replay | duplicateCode');
    next.duplicateReply = input.duplicateReply;
  }
  if (input.resubmitCheckKeyIn !== undefined) {
    if (input.resubmitCheckKeyIn !== 'data' && input.resubmitCheckKeyIn !== 'body') throw new BadRequestException('resubmitCheckKeyIn: data | body');
    next.resubmitCheckKeyIn = input.resubmitCheckKeyIn;
  }
  return next;
}
