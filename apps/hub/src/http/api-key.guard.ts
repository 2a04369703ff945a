import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { TenantDirectory } from '@hub/config';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  tenantId: string;
  apiKeyName: string;
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
    const header = req.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
    if (!match) throw new UnauthorizedException('send the tenant API key as "Authorization: Bearer <key>"');
    const who = this.tenants.authenticate(match[1]);
    if (!who) throw new UnauthorizedException('unknown API key');
    req.tenantId = who.tenantId;
    req.apiKeyName = who.keyName;
    return true;
  }
}
