/** Error code of every refusal, also on the socket error an HTTP client reports when the guarded lookup refused at connect time. */
export const OUTBOUND_REFUSED_CODE = 'ERR_OUTBOUND_REFUSED';

/** A URL or an address the hub's outbound policy does not let the hub call; `message` says why. */
export class OutboundRefusedError extends Error {
  readonly code = OUTBOUND_REFUSED_CODE;

  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

/** Whether `e` is a refusal, or an HTTP client's error caused by one (axios keeps the code and the cause). */
export function isOutboundRefusal(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    if ((cur as { code?: unknown }).code === OUTBOUND_REFUSED_CODE) return true;
  }
  return false;
}
