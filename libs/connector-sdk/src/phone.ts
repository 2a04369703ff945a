/**
 * A phone number as vendors and people write it (`+86-13611106321`, `138 0013 8000`, `0086…`) reduced to its digits,
 * with the mainland country code (86 or 0086) dropped in front of an 11-digit mobile number, so every system's
 * spelling of one number compares equal. Undefined when nothing is left.
 */
export function nationalPhone(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const digits = String(value).replace(/\D/g, '');
  const mobile = /^(?:0086|86)(1\d{10})$/.exec(digits);
  return (mobile ? mobile[1] : digits) || undefined;
}

/** Whether two phone numbers are the same number (see `nationalPhone`). */
export function samePhone(a: unknown, b: unknown): boolean {
  const x = nationalPhone(a);
  return !!x && x === nationalPhone(b);
}
