import type { FastifyReply } from 'fastify';
import { BIP_CODES, bipError, type BipEnvelope, type BipReply } from './yonyou-bip-envelope';
import type { YonyouBipStateService } from './yonyou-bip-state.service';
import type { YonyouBipTokenService } from './yonyou-bip-token.service';
import type { BipTenant } from './yonyou-bip.types';

/**
 * The gateway's token check of a business call (`?access_token=`): the tenant of a live token, or the refusal.
 * Probed: no token → HTTP 200 `310001`; an unknown token → HTTP 200 `310036` "非法token". An expired token answers
 * the same (UNCONFIRMED; settings `authErrorCode`, `authErrorStatus` change it).
 */
export function authorize(tokens: YonyouBipTokenService, state: YonyouBipStateService, accessToken: unknown): BipTenant | BipReply {
  const found = tokens.lookup(accessToken);
  if (found.state === 'valid') return found.tenant;
  if (found.state === 'missing') return { status: 200, body: bipError(BIP_CODES.tokenMissing) };
  const { authErrorCode, authErrorStatus } = state.settings;
  return { status: authErrorStatus, body: bipError({ code: authErrorCode, message: BIP_CODES.badToken.message }) };
}

export function isReply(value: BipTenant | BipReply): value is BipReply {
  return 'status' in value && 'body' in value;
}

/** Sets the status of a reply and hands back its body (controllers use `@Res({ passthrough: true })`). */
export function send(reply: FastifyReply, answer: BipReply): BipEnvelope {
  reply.code(answer.status);
  return answer.body;
}

/** The JSON body as an object (a missing or non-object body reads as `{}`). */
export function bodyObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
