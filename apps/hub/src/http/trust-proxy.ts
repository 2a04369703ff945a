/**
 * hub.yaml `server.trustProxy` as Fastify takes it: false/true, a hop count, or a comma-separated list of
 * proxy addresses/CIDRs (environment substitution makes every value a string first).
 */
export function trustProxySetting(value: boolean | number | string): boolean | number | string[] {
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  const v = value.trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}
