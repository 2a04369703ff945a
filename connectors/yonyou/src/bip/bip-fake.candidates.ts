import type { FakeRoute, RecordedRequest } from './bip-fake.server';

/** A small in-memory YonBIP candidate store for specs: list (paged, filtered), detail, update with MDD keys, trails. */
export class FakeCandidates {
  readonly updates: { key?: string; data: Record<string, unknown> }[] = [];
  readonly appliedKeys = new Set<string>();
  /** Filters the list honours; others are ignored, as an unknown filter would be. */
  honoured = new Set(['status', 'mobile', 'email']);
  duplicateReply: 'replay' | 'code' = 'replay';
  /** Fields the list rows leave out (only the detail has them). */
  listOmits = new Set<string>();

  constructor(
    public candidates: Record<string, unknown>[],
    public trails: Record<string, Record<string, unknown>> = {},
  ) {}

  private body(r: RecordedRequest): Record<string, unknown> {
    return (r.body ?? {}) as Record<string, unknown>;
  }

  private list(r: RecordedRequest): unknown {
    const b = this.body(r);
    const filters = Object.entries(b).filter(([k]) => this.honoured.has(k));
    const same = (a: unknown, b: unknown) => String(a ?? '').replace(/^\+86-/, '').toLowerCase() === String(b).toLowerCase();
    const rows = this.candidates
      .filter((c) => filters.every(([k, v]) => same(c[k], v)))
      .map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => !this.listOmits.has(k))));
    const size = Number(b.pageSize);
    const index = Number(b.pageIndex);
    return { pageIndex: index, pageSize: size, recordCount: rows.length, pageCount: Math.ceil(rows.length / size), recordList: rows.slice((index - 1) * size, index * size) };
  }

  private update(r: RecordedRequest): { body: unknown } {
    const data = (this.body(r).data ?? {}) as Record<string, unknown>;
    const key = data.resubmitCheckKey as string | undefined;
    if (key && this.appliedKeys.has(key)) return { body: this.duplicateReply === 'code' ? { code: '10004', message: '重复提交' } : { code: 200, message: '操作成功', data: { infos: [], failInfos: {} } } };
    const candidate = this.candidates.find((c) => c.id === data.id);
    if (!candidate) return { body: { code: '1002', message: '数据不存在' } };
    const { id: _id, _status, resubmitCheckKey: _k, ...fields } = data;
    Object.assign(candidate, fields);
    this.updates.push({ key, data });
    if (key) this.appliedKeys.add(key);
    return { body: { code: 200, message: '操作成功', data: { infos: [candidate], failInfos: {} } } };
  }

  routes(): FakeRoute {
    return (r) => {
      const path = r.path.replace(/^\/iuap-api-gateway/, '');
      if (path === '/yonbip/hrcloud/hrcandidate/list') return { body: { code: 200, message: '操作成功', data: this.list(r) } };
      if (path === '/yonbip/hrcloud/HRCloud/getGlobalCandidateDetail') {
        const found = this.candidates.find((c) => c.id === this.body(r).id);
        return { body: found ? { code: '200', data: found } : { code: '999', message: '根据候选人编码未查找到有效候选人信息!' } };
      }
      if (path === '/yonbip/hrcloud/updateCandidate') return this.update(r);
      if (path === '/yonbip/hrcloud/interviewCancelApply/approvalHistory') {
        const trail = this.trails[this.body(r).id as string];
        return { body: trail ? { code: '200', data: trail } : { code: '1002', message: '数据不存在' } };
      }
      return undefined;
    };
  }
}
