import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { TenantDirectory } from '@hub/config';
import { bearerToken } from '@hub/runtime';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  tenantId: string;
  apiKeyName: string;
}

type KeyOwner = { tenantId: string; keyName: string } | undefined;

/** Per request, whom its API key names: the rate limit (before the body is read) and the guard look it up once. */
const owners = new WeakMap<object, KeyOwner>();

/** The tenant and key name of the request's bearer API key; undefined when it sends none or an unknown one. */
export function apiKeyOwner(req: { headers: Record<string, string | string[] | undefined> }, tenants: TenantDirectory): KeyOwner {
  if (owners.has(req)) return owners.get(req);
  const token = bearerToken(req.headers.authorization);
  const owner = token ? tenants.authenticate(token) : undefined;
  owners.set(req, owner);
  return owner;
}

/**
 * /v1 requests carry `Authorization: Bearer <key>`; the key decides the tenant. Nothing in the
 * URL or body can name another tenant, so no tenant can see or change another's data.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(TenantDirectory) private readonly tenants: TenantDirectory) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!bearerToken(req.headers.authorization)) throw new UnauthorizedException('send the tenant API key as "Authorization: Bearer <key>"');
    const who = apiKeyOwner(req, this.tenants);
    if (!who) throw new UnauthorizedException('unknown API key');
    req.tenantId = who.tenantId;
    req.apiKeyName = who.keyName;
    return true;
  }
}
