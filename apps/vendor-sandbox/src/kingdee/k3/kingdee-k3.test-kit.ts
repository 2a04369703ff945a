import { createHmac } from 'node:crypto';
import { k3Sign } from './kingdee-k3-api.controller';
import type { K3Seed } from './kingdee-k3.types';

export const K3_ACCOUNT = { acctId: 'acct-hr', user: 'hub', appId: '123456_abcdEFGH', appSecret: 'k3-secret-0123456789abcdef', gwSecret: 'k3-gateway-secret-0123' };
export const AUTH = '/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.AuthService.';
export const FORM = '/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.';

/** A recruiting data set: interviews (two cancelled in one batch), candidates, a talent pool and reminders. */
export function k3Seed(interviews = 5): K3Seed {
  return {
    accounts: [K3_ACCOUNT],
    forms: {
      PAEZ_Interview: {
        keyField: 'FNumber',
        rows: Array.from({ length: interviews }, (_, i) => ({
          FNumber: `IV${String(i + 1).padStart(3, '0')}`,
          FCandidateNumber: `C${String(i + 1).padStart(3, '0')}`,
          FCandidateName: `候选人${i + 1}`,
          FStatus: i < 2 ? 'CANCELLED' : 'SCHEDULED',
          FReason: i < 2 ? '岗位已关闭' : '',
          FBatchId: i < 2 ? 'B-1' : '',
          FScheduledStart: '2026-12-01 10:00:00',
          FModifyDate: `2026-11-30 0${i % 10}:00:00`,
        })),
      },
      PAEZ_Candidate: {
        keyField: 'FNumber',
        rows: Array.from({ length: interviews }, (_, i) => ({
          FNumber: `C${String(i + 1).padStart(3, '0')}`,
          FName: `候选人${i + 1}`,
          FPhone: `1380013800${i}`,
          FEmail: `c${i + 1}@example.com`,
          FStatus: '面试待筛选',
        })),
      },
      PAEZ_TalentPool: { keyField: 'FHubKey', rows: [] },
      PAEZ_FollowUp: { keyField: 'FHubKey', rows: [] },
      PAEZ_InterviewArchive: { keyField: 'FHubKey', rows: [] },
    },
  };
}

export async function call(base: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body ?? {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export async function loginBySign(base: string, algorithm: 'sha256' | 'sha1' = 'sha256', ts = String(Math.floor(Date.now() / 1000))): Promise<{ status: number; body: unknown; headers: Headers }> {
  const a = K3_ACCOUNT;
  const sign = k3Sign([a.acctId, a.user, a.appId, a.appSecret, ts], algorithm);
  return call(base, `${AUTH}LoginBySign.common.kdsvc`, { parameters: [a.acctId, a.user, a.appId, ts, sign, 2052] });
}

/** Signed headers of the stateless mode, computed independently of the connector. */
export function signedHeaders(path: string, nonce: string, account = K3_ACCOUNT, ts = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  const hmac = (key: string, data: string) => Buffer.from(createHmac('sha256', key).update(data).digest('hex')).toString('base64');
  const appData = Buffer.from(`${account.acctId},${account.user},2052,100`).toString('base64');
  return {
    'x-api-timestamp': ts,
    'x-api-nonce': nonce,
    'X-Api-Signature': hmac(account.gwSecret, `POST\n${encodeURIComponent(path)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${ts}\n`),
    'X-Kd-Appkey': account.appId,
    'X-Kd-Appdata': appData,
    'X-Kd-Signature': hmac(account.appSecret, account.appId + appData),
  };
}
