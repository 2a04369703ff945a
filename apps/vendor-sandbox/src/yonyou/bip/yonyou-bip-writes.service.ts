import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { bodyObject } from './yonyou-bip-access';
import { candidateDetail } from './yonyou-bip-candidate-view';
import { BIP_CODES, bipError, businessOk, type BipReply } from './yonyou-bip-envelope';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import type { BipCandidate, BipTenant } from './yonyou-bip.types';

/** "长度不能超过32位" [Y4]. */
export const RESUBMIT_CHECK_KEY_MAX = 32;

/** Keys of `data` that are instructions, not candidate fields [Y4 updateCandidate]. */
const CONTROL_KEYS = new Set(['id', 'resubmitCheckKey', '_status', 'billFlag']);

const invalid = (message: string): BipReply => ({ status: 200, body: bipError(BIP_CODES.invalidRequest, { business: true, message }) });
const notFound = (): BipReply => ({ status: 200, body: bipError(BIP_CODES.notFound, { business: true }) });

/** A YonBIP-looking id: 16 digits. */
export function newBipId(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
}

/**
 * Candidate writes with MDD idempotency [Y4]: a `resubmitCheckKey` (inside `data` per the Y4 request examples, or at
 * the body's top with setting `resubmitCheckKeyIn: "body"`) is applied at most once per tenant. A repeat is not
 * applied; it gets the first answer again (`duplicateReply: "replay"`, default) or `10004` 重复提交
 * (`"duplicateCode"`); both UNCONFIRMED. A refused write does not use up its key.
 */
@Injectable()
export class YonyouBipWritesService {
  constructor(private readonly state: YonyouBipStateService) {}

  updateCandidate(tenant: BipTenant, body: Record<string, unknown>): BipReply {
    return this.once(tenant, 'updateCandidate', body, false, () => {
      const data = bodyObject(body.data);
      if (typeof data.id !== 'string' || !data.id) return invalid('候选人ID(id)不能为空');
      if (data._status !== undefined && data._status !== '' && data._status !== 'Update') return invalid('_status只能为Update');
      const candidate = this.state.candidate(tenant.tenantId, data.id);
      if (!candidate) return notFound();
      applyFields(candidate, data);
      this.state.touch(candidate);
      return { status: 200, body: businessOk({ infos: [candidateDetail(candidate, tenant.timezone)], failInfos: {} }, true) };
    });
  }

  insertCandidate(tenant: BipTenant, body: Record<string, unknown>): BipReply {
    return this.once(tenant, 'insertGlobalCandidate', body, false, () => {
      const data = bodyObject(body.data);
      if (typeof data.name !== 'string' || !data.name) return invalid('候选人姓名(name)不能为空');
      if (typeof data.mobile !== 'string' || !data.mobile) return invalid('手机号(mobile)不能为空');
      const id = newBipId();
      const candidate: BipCandidate = { id, tenantId: tenant.tenantId, code: id, name: data.name, mobile: data.mobile, status: '0', modifiedAt: Date.now(), interviewers: [], fields: {} };
      applyFields(candidate, data);
      this.state.upsertCandidate(candidate);
      return { status: 200, body: businessOk({ infos: [candidateDetail(candidate, tenant.timezone)], failInfos: {} }, true) };
    });
  }

  /** A tenant-built archive or tag API: `{data: {candidateId, ...}, resubmitCheckKey}` (contract §8). */
  endpointWrite(tenant: BipTenant, kind: 'archive' | 'tags', path: string, body: Record<string, unknown>): BipReply {
    return this.once(tenant, path, body, true, () => {
      const data = bodyObject(body.data);
      const candidateId = data.candidateId;
      if (typeof candidateId !== 'string' || !candidateId) return invalid('candidateId不能为空');
      if (!this.state.candidate(tenant.tenantId, candidateId)) return notFound();
      const write = { id: newBipId(), kind, path, tenantId: tenant.tenantId, candidateId, resubmitCheckKey: this.keyOf(body, true), data, at: Date.now() };
      this.state.endpointWrites.push(write);
      return { status: 200, body: businessOk({ id: write.id, candidateId }, false) };
    });
  }

  /**
   * Where the key is read: the place setting `resubmitCheckKeyIn` names (`data` by default). A tenant-built API
   * (`anyPlace`) is the tenant's own design, so it takes the key from either place, `data` first.
   */
  private keyOf(body: Record<string, unknown>, anyPlace = false): string | undefined {
    const inData = bodyObject(body.data).resubmitCheckKey;
    const places = anyPlace ? [inData, body.resubmitCheckKey] : [this.state.settings.resubmitCheckKeyIn === 'data' ? inData : body.resubmitCheckKey];
    const key = places.find((k) => typeof k === 'string' && k !== '');
    return typeof key === 'string' ? key : undefined;
  }

  private once(tenant: BipTenant, api: string, body: Record<string, unknown>, anyPlace: boolean, apply: () => BipReply): BipReply {
    const key = this.keyOf(body, anyPlace);
    if (key === undefined) return apply();
    if (key.length > RESUBMIT_CHECK_KEY_MAX) return invalid(`resubmitCheckKey长度不能超过${RESUBMIT_CHECK_KEY_MAX}位`);
    const ledgerKey = `${tenant.tenantId}\u0000${key}`;
    const entry = this.state.resubmits.get(ledgerKey);
    if (entry) {
      entry.repeats += 1;
      if (JSON.stringify(entry.body) !== JSON.stringify(body)) entry.bodyDiffers = true;
      if (this.state.settings.duplicateReply === 'replay') return entry.answer as BipReply;
      return { status: 200, body: bipError(BIP_CODES.duplicate, { business: true }) };
    }
    const answer = apply();
    if (answer.status === 200 && String(answer.body.code) === '200') {
      this.state.resubmits.set(ledgerKey, { key, api, tenantId: tenant.tenantId, applied: 1, repeats: 0, firstAt: Date.now(), answer, bodyDiffers: false, body });
    }
    return answer;
  }
}

/** Known candidate fields go to the model (status values as text, as the APIs show them); the rest are kept as sent. */
function applyFields(candidate: BipCandidate, data: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(data)) {
    if (CONTROL_KEYS.has(name)) continue;
    switch (name) {
      case 'name':
      case 'mobile':
      case 'status':
      case 'code':
        if (value !== undefined && value !== null) candidate[name] = String(value);
        break;
      case 'email':
      case 'billstate':
      case 'applyId':
      case 'cancelReason':
      case 'cancelApplyId':
        candidate[name] = value === undefined || value === null || value === '' ? undefined : String(value);
        break;
      default:
        candidate.fields[name] = value;
    }
  }
}
