import { join } from 'node:path';
import { loadSeedFile } from '../sandbox-options';
import { callbackKey } from '../common/callback-crypto';
import { buildTenantData, resolveSettings, seedTimeToMillis } from './dingtalk-seed';

describe('dingtalk seed', () => {
  it('places relative start times on Beijing wall-clock time', () => {
    const now = Date.UTC(2030, 0, 10, 20, 0); // 2030-01-11 04:00 Beijing
    expect(new Date(seedTimeToMillis({ dayOffset: 1, time: '10:00' }, now)).toISOString()).toBe('2030-01-12T02:00:00.000Z');
    expect(() => seedTimeToMillis({ dayOffset: 0, time: '10h' }, now)).toThrow(/HH:mm/);
  });

  it('loads the demo seed with the documented credentials and future interviews', () => {
    const seed = loadSeedFile(join(__dirname, '..', '..', 'seed', 'demo.seed.json'));
    const now = Date.now();
    const data = buildTenantData(seed.dingtalk, now);
    expect(data.apps).toEqual([
      expect.objectContaining({ corpId: 'ding-demo-corp', appKey: 'ding-demo-app', appSecret: 'demo-app-secret-0001', agentId: '20001' }),
    ]);
    const callback = data.apps[0].callback;
    expect(callback).toMatchObject({ token: 'demoToken123', ownerKey: 'ding-demo-corp', url: 'http://127.0.0.1:3000/webhooks/demo/dingtalk-main' });
    expect(callbackKey(callback?.aesKey ?? '')).toHaveLength(32);
    expect(String(seed.comment)).toContain(callback?.aesKey);
    expect(data.jobs.map((j) => j.name)).toEqual(['销售经理', '前端工程师']);
    expect(data.interviews.length).toBeGreaterThan(0);
    for (const interview of data.interviews) {
      expect(interview.startTimeMillis).toBeGreaterThan(now);
      expect(interview.kind).toBe('ai_cloud');
      expect(data.candidates.some((c) => c.candidateId === interview.candidateId)).toBe(true);
    }
  });

  it('fails loudly on an incomplete app and fills settings with defaults', () => {
    expect(() => buildTenantData({ apps: [{ corpId: 'c', appKey: 'k', appSecret: '', agentId: '1' }] }, 0)).toThrow(/appSecret/);
    expect(resolveSettings({ settings: { traffic: { qps: 5 } } }).traffic).toMatchObject({ qps: 5, scope: 'api', banStatus: 200 });
  });
});
