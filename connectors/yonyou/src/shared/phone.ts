/**
 * Phone numbers as Yonyou stores them (`+86-13611106321`, VENDORS.md §2 [Y4] candidate detail) and as other systems
 * send them (`138 0013 8000`, `0086…`): compared by their digits, with the mainland country code dropped in front of
 * an 11-digit mobile number.
 */
export function normalizePhone(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let digits = value.replace(/\D/g, '');
  if (/^0086\d{11}$/.test(digits)) digits = digits.slice(4);
  else if (/^86\d{11}$/.test(digits)) digits = digits.slice(2);
  return digits || undefined;
}

/** Whether two phone numbers are the same number (see `normalizePhone`). */
export function samePhone(a: string | undefined, b: string | undefined): boolean {
  const x = normalizePhone(a);
  return !!x && x === normalizePhone(b);
}
