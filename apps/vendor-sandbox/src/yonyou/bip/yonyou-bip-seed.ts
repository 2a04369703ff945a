import { callbackKey } from '../../common/callback-crypto';
import { isOffset, seedTimeToMs } from './yonyou-bip-time';
import type {
  BipApproverSeed,
  BipCandidate,
  BipCandidateSeed,
  BipSimulatorSettings,
  BipTenant,
  BipTenantSeed,
  YonyouBipSeed,
} from './yonyou-bip.types';

export const DEFAULT_BIP_SETTINGS: BipSimulatorSettings = {
  tokenTtlSeconds: 7200,
  timestampWindowSeconds: 300,
  authErrorCode: '310036',
  authErrorStatus: 200,
  duplicateReply: 'replay',
  resubmitCheckKeyIn: 'data',
  pushTimeoutMs: 5000,
};

export const DEFAULT_APPROVAL_HISTORY_PATH = '/yonbip/hrcloud/interviewCancelApply/approvalHistory';
export const DEFAULT_CANCEL_STATUS = '7';
const DEFAULT_TIMEZONE = '+08:00';

export function resolveBipSettings(seed: YonyouBipSeed | undefined): BipSimulatorSettings {
  return { ...DEFAULT_BIP_SETTINGS, ...seed?.settings };
}

/**
 * The EncodingAESKey of a self-built app's push, derived from its secret as yonyoucloud-open/corp-demo
 * `PrivateAppCrypto.buildAesKeyFromSecret` does: dashes removed, then cut or right-padded with "0" to 43 chars.
 */
export function aesKeyFromSecret(appSecret: string): string {
  const key = appSecret.replace(/-/g, '');
  return key.length >= 43 ? key.slice(0, 43) : key.padEnd(43, '0');
}

function need(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`yonyou.bip seed: ${what} is required`);
  return value;
}

export function checkTenant(seed: BipTenantSeed, where: string): BipTenant {
  const tenantId = need(seed.tenantId, `${where}.tenantId`);
  const appKey = need(seed.appKey, `${where}.appKey`);
  const appSecret = need(seed.appSecret, `${where}.appSecret`);
  const timezone = seed.timezone ?? DEFAULT_TIMEZONE;
  if (!isOffset(timezone)) throw new Error(`yonyou.bip seed: ${where}.timezone must be ±HH:MM`);
  const tenant: BipTenant = { tenantId, appKey, appSecret, timezone, ...(seed.suiteKey ? { suiteKey: seed.suiteKey } : {}) };
  if (seed.push) {
    const aesKey = seed.push.aesKey ?? aesKeyFromSecret(appSecret);
    try {
      callbackKey(aesKey);
    } catch (error) {
      throw new Error(`yonyou.bip seed: ${where}.push.aesKey: ${(error as Error).message}`);
    }
    tenant.push = {
      url: need(seed.push.url, `${where}.push.url`),
      secret: seed.push.secret ?? appSecret,
      aesKey,
      ownerKey: seed.push.ownerKey ?? seed.suiteKey ?? appKey,
      reply: seed.push.reply ?? 'either',
      onCancel: seed.push.onCancel === true,
      cancelEventType: seed.push.cancelEventType ?? 'STAFF_UPDATE',
    };
  }
  if (seed.eventCenter) {
    const url = seed.eventCenter.url ?? seed.push?.url;
    tenant.eventCenter = {
      ...(url ? { url } : {}),
      token: need(seed.eventCenter.token, `${where}.eventCenter.token`),
      tokenHeader: (seed.eventCenter.tokenHeader ?? 'token').toLowerCase(),
      bodyFormat: seed.eventCenter.bodyFormat === 'json' ? 'json' : 'form',
      eventType: seed.eventCenter.eventType ?? 'HRED_CANDIDATE_STATUS_CHANGE',
      sourceID: seed.eventCenter.sourceID ?? 'HRED_CANDIDATE',
    };
  }
  return tenant;
}

/** The tenant a seed entry or control call means: the named one, or the only one. */
export function tenantIdOf(tenants: readonly BipTenant[], tenantId: unknown, where: string): string {
  if (typeof tenantId === 'string' && tenantId) {
    if (!tenants.some((t) => t.tenantId === tenantId)) throw new Error(`yonyou.bip: ${where}: tenant ${tenantId} is not in the seed`);
    return tenantId;
  }
  if (tenants.length === 1) return tenants[0].tenantId;
  throw new Error(`yonyou.bip: ${where} needs a tenantId (${tenants.length} tenants)`);
}

function optionalText(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** A seed (or control-API) candidate → the simulator's candidate, failing loudly on anything incomplete. */
export function toCandidate(seed: BipCandidateSeed, tenants: readonly BipTenant[], now: number, where: string): BipCandidate {
  const tenantId = tenantIdOf(tenants, seed.tenantId, where);
  const offset = (tenants.find((t) => t.tenantId === tenantId) as BipTenant).timezone;
  const id = need(seed.id, `${where}.id`);
  const interview = seed.interview;
  let planned: BipCandidate['interview'];
  if (interview) {
    const startMs = seedTimeToMs(interview.start, offset, now, `${where}.interview.start`);
    planned = {
      id: need(interview.id, `${where}.interview.id`),
      startMs,
      endMs: startMs + (interview.durationMinutes ?? 30) * 60_000,
      round: interview.round ?? 1,
      ...(interview.place ? { place: interview.place } : {}),
      ...(interview.type ? { type: interview.type } : {}),
    };
  }
  return {
    id,
    tenantId,
    code: seed.code ?? id,
    name: need(seed.name, `${where}.name`),
    mobile: need(seed.mobile, `${where}.mobile`),
    ...(seed.email ? { email: seed.email } : {}),
    status: optionalText(seed.status) ?? '8',
    ...(optionalText(seed.billstate) ? { billstate: optionalText(seed.billstate) } : {}),
    ...(seed.applyId ? { applyId: seed.applyId } : {}),
    modifiedAt: seed.modifiedAt === undefined ? now : seedTimeToMs(seed.modifiedAt, offset, now, `${where}.modifiedAt`),
    ...(planned ? { interview: planned } : {}),
    ...(seed.position ? { position: { id: need(seed.position.id, `${where}.position.id`), name: need(seed.position.name, `${where}.position.name`) } } : {}),
    interviewers: (seed.interviewers ?? []).map((p, i) => ({ ...p, id: need(p.id, `${where}.interviewers[${i}].id`), name: need(p.name, `${where}.interviewers[${i}].name`) })),
    ...(seed.cancelReason ? { cancelReason: seed.cancelReason } : {}),
    ...(seed.cancelApplyId ? { cancelApplyId: seed.cancelApplyId } : {}),
    fields: { ...seed.custom },
  };
}

/** Approvers by level (1 = first); every level from 1 to the highest must have one. */
export function checkApprovers(seed: readonly BipApproverSeed[] | undefined): BipApproverSeed[] {
  const approvers = [...(seed ?? [])].sort((a, b) => a.level - b.level);
  approvers.forEach((a, i) => {
    if (a.level !== i + 1) throw new Error(`yonyou.bip seed: approvers must cover levels 1..n once each (found level ${a.level} at position ${i + 1})`);
    need(a.id, `approvers[${i}].id`);
    need(a.name, `approvers[${i}].name`);
  });
  return approvers;
}
