import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDingtalkPath } from './dingtalk-api.catalog';
import { legacyError, v1ErrorBody } from './dingtalk-errors';

/**
 * Unknown paths on DingTalk's origins answer like DingTalk: oapi with HTTP 200 errcode 404 (live probe),
 * v1.0 with a 404 v1.0 error body (code UNCONFIRMED). Other paths keep Nest's default 404.
 */
@Catch(NotFoundException)
export class DingtalkNotFoundFilter implements ExceptionFilter {
  catch(exception: NotFoundException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const path = request.url.split('?')[0];
    if (!isDingtalkPath(path) || path.startsWith('/_sandbox')) {
      reply.code(404).send(exception.getResponse());
    } else if (path.startsWith('/v1.0/')) {
      reply.code(404).send(v1ErrorBody('InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'));
    } else {
      reply.code(200).send(legacyError(404, '请求的URI地址不存在'));
    }
  }
}
