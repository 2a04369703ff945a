/**
 * The subset of ExecuteBillQuery's FilterString / OrderString the simulator understands: conditions
 * `FField op 'value'` (op one of = <> >= <= > <, or `like`) joined by AND / OR (no parentheses), and
 * `FField [ASC|DESC]` lists. Anything else is refused the way K/3 refuses a bad filter: with an error.
 */
type Row = Record<string, unknown>;

const CONDITION = /^\s*([A-Za-z_][\w.]*)\s*(>=|<=|<>|!=|=|>|<|like)\s*'((?:[^']|'')*)'\s*$/i;

function compare(a: unknown, b: string, nb = Number(b)): number {
  const x = a === undefined || a === null ? '' : String(a);
  if (b !== '' && Number.isFinite(nb)) {
    const nx = Number(x);
    if (x !== '' && Number.isFinite(nx)) return nx - nb;
  }
  return x < b ? -1 : x > b ? 1 : 0;
}

/** One condition as a row predicate, parsed once per query (not once per row: forms of 10,000 rows are queried by the bench). */
function compile(condition: string): (row: Row) => boolean {
  const m = CONDITION.exec(condition);
  if (!m) throw new Error(`过滤条件无法解析: ${condition}`);
  const [, field, op, raw] = m;
  const value = raw.replace(/''/g, "'");
  const nb = Number(value);
  const c = (row: Row) => compare(row[field], value, nb);
  switch (op.toLowerCase()) {
    case '=':
      return (row) => c(row) === 0;
    case '<>':
    case '!=':
      return (row) => c(row) !== 0;
    case '>=':
      return (row) => c(row) >= 0;
    case '<=':
      return (row) => c(row) <= 0;
    case '>':
      return (row) => c(row) > 0;
    case '<':
      return (row) => c(row) < 0;
    default: {
      const like = new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`);
      return (row) => like.test(String(row[field] ?? ''));
    }
  }
}

/** A condition compiled when first evaluated, so a filter is refused exactly when a row reaches its bad condition. */
interface Condition {
  text: string;
  holds?: (row: Row) => boolean;
}

export function filterRows(rows: Row[], filter: string | undefined): Row[] {
  if (!filter || !filter.trim()) return rows;
  const anyOf = filter.split(/\s+or\s+/i).map((part) => part.split(/\s+and\s+/i).map((text): Condition => ({ text })));
  const test = (row: Row, c: Condition) => (c.holds ??= compile(c.text))(row);
  return rows.filter((row) => anyOf.some((all) => all.every((c) => test(row, c))));
}

export function orderRows(rows: Row[], order: string | undefined): Row[] {
  const keys = (order ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [field, dir] = s.split(/\s+/);
      return { field, desc: /^desc$/i.test(dir ?? '') };
    });
  const sorted = [...rows];
  // FID last, so equal keys page stably.
  sorted.sort((a, b) => {
    for (const k of keys) {
      const c = compare(a[k.field], a[k.field] === undefined && b[k.field] === undefined ? '' : String(b[k.field] ?? ''));
      if (c !== 0) return k.desc ? -c : c;
    }
    return Number(a.FID) - Number(b.FID);
  });
  return sorted;
}
