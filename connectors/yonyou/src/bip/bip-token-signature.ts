import { createHmac } from 'node:crypto';

/**
 * The self-built-app token signature [Y2; yonyoucloud-open/corp-demo `SignHelper.java`, corp-demo-python `sign.py`]:
 * the parameters except `signature` sorted by name, each written as name then value
 * (`appKey<appKey>timestamp<ms>`), HmacSHA256 keyed by the appSecret, Base64. Returned without URL encoding.
 */
export function tokenSignature(params: Readonly<Record<string, string>>, appSecret: string): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'signature')
    .sort()
    .map((name) => `${name}${params[name]}`)
    .join('');
  return createHmac('sha256', appSecret).update(text, 'utf8').digest('base64');
}

/**
 * The token request's query string. The signature is URL-encoded exactly once on the wire: corp-demo's `SignHelper`
 * URL-encodes it and its `RequestTool` appends the parameters without encoding again (the doc example shows
 * `signature=7OzDhux%2FyJQt%2B…%3D`); corp-demo-python leaves the encoding to `requests`. The server decodes the query
 * once and compares the Base64.
 */
export function tokenQuery(appKey: string, timestampMs: number, appSecret: string): string {
  const timestamp = String(timestampMs);
  const signature = tokenSignature({ appKey, timestamp }, appSecret);
  return `appKey=${encodeURIComponent(appKey)}&timestamp=${timestamp}&signature=${encodeURIComponent(signature)}`;
}
