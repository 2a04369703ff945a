/** What the hub answered to one push, or why there was no answer. */
export interface HubAnswer {
  httpStatus?: number;
  text?: string;
  /** Network failure or timeout; undefined when an answer came. */
  failure?: string;
  durationMs: number;
}

/** POSTs a push the way YonBIP would and reads the whole answer within `timeoutMs`. */
export async function postToHub(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<HubAnswer> {
  const started = Date.now();
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { httpStatus: response.status, text, durationMs: Date.now() - started };
  } catch (error) {
    const failure = error as Error & { cause?: { code?: string; message?: string } };
    const timedOut = failure.name === 'TimeoutError' || failure.name === 'AbortError';
    const detail = failure.cause?.code ?? failure.cause?.message ?? failure.message;
    return { failure: timedOut ? `no reply within ${timeoutMs} ms` : `network: ${detail}`, durationMs: Date.now() - started };
  }
}

export function parseMaybeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
