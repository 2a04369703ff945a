import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RequestWithRawBody } from '../http/body-parsers';
import { ApiAnswer, ApiErrors } from '../http/openapi';
import { WebhookIngressService } from './webhook-ingress.service';

function flatten(record: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v)]));
}

@ApiTags('vendor webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(@Inject(WebhookIngressService) private readonly ingress: WebhookIngressService) {}

  @Post(':tenantId/:connectionId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Vendor push endpoint',
    description:
      'Register this URL in the vendor console (e.g. DingTalk HTTP callback). The body is verified by the connection\'s connector (signature, decryption, replay window) and stored in the inbox before the vendor is answered.',
  })
  @ApiAnswer(200, "accepted: the answer the vendor's protocol expects (DingTalk: the encrypted `success`)")
  @ApiErrors(400, 401, 403, 404, 405, 413, 429)
  async receive(@Param('tenantId') tenantId: string, @Param('connectionId') connectionId: string, @Req() req: RequestWithRawBody, @Res() res: FastifyReply): Promise<void> {
    const reply = await this.ingress.receive(tenantId, connectionId, {
      query: flatten(req.query as Record<string, unknown>),
      headers: flatten(req.headers as Record<string, unknown>),
      rawBody: req.rawBody ?? Buffer.alloc(0),
      receivedAt: new Date(),
      remoteIp: req.ip,
      truncated: req.bodyTruncated !== undefined,
    });
    // The rest of an oversized body is never read: the connection is closed after the answer.
    if (req.bodyTruncated) void res.header('connection', 'close');
    await res.status(reply.status).header('content-type', reply.contentType).send(reply.body);
  }
}
