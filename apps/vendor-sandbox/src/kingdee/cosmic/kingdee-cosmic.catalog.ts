/** Which simulated Cosmic API a path is ([K3] paths); undefined when the path is not Cosmic's. */
export const COSMIC_VENDOR = 'kingdee-cosmic';
export const COSMIC_TOKEN_PATH = '/kapi/oauth2/getToken';

export function classifyCosmicRequest(path: string): { api?: string; kind: string } | undefined {
  if (path === COSMIC_TOKEN_PATH) return { api: 'getToken', kind: 'token' };
  if (path.startsWith('/kapi/oauth2/')) return { api: path.slice('/kapi/oauth2/'.length), kind: 'token' };
  if (!path.startsWith('/kapi/v2/')) return undefined;
  const parts = path.slice('/kapi/v2/'.length).split('/');
  const op = parts[parts.length - 1];
  const formId = parts[parts.length - 2];
  return { api: `${formId}/${op}`, kind: op === 'query' ? 'query' : op === 'save' ? 'save' : 'other' };
}
