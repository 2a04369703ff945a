import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonLogger } from '@hub/config';
import { errorBody, errorCodeOf, type ErrorBody } from './error-body';
import type { KnownRoutes } from './known-routes';

/** What a thrower put in an HttpException: Nest's default `{statusCode, message, error}` or our `{error?, message, details?}`. */
function fromHttpException(e: HttpException): ErrorBody {
  const status = e.getStatus();
  const response = e.getResponse();
  if (typeof response === 'string') return errorBody(status, response);
  const { message: m, error, details: d, statusCode: _status, ...rest } = response as { message?: unknown; error?: unknown; details?: unknown; statusCode?: unknown };
  const message = Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : e.message;
  // Anything else the thrower put in (a conflicting record's id…) goes into details.
  const details = { ...rest, ...(d && typeof d === 'object' ? (d as Record<string, unknown>) : {}) };
  // Nest's own `error` is the status phrase ("Bad Request"); only a snake_case code given by the thrower is kept.
  const code = typeof error === 'string' && /^[a-z][a-z0-9_]*$/.test(error) ? error : errorCodeOf(status);
  return errorBody(status, message, details, code);
}

/** Errors Fastify raises itself before a handler runs (content type, body size, malformed URL…) carry `statusCode`. */
function fromFrameworkError(e: unknown): { status: number; body: ErrorBody } | undefined {
  const err = e as { statusCode?: unknown; message?: unknown; code?: unknown };
  if (typeof err?.statusCode !== 'number' || err.statusCode < 400 || err.statusCode >= 500) return undefined;
  return { status: err.statusCode, body: errorBody(err.statusCode, String(err.message ?? 'bad request'), typeof err.code === 'string' ? { code: err.code } : {}) };
}

/**
 * Every error answer has one shape, `{error, message, details}` (error-body.ts). A path served with other
 * methods answers 405 with `Allow`; a 413 closes the connection (the rest of the body is never read);
 * anything unexpected is logged and answered as a plain 500 that reveals nothing of the cause.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(
    private readonly log: JsonLogger,
    private readonly routes: KnownRoutes,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    let status: number;
    let body: ErrorBody;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      body = fromHttpException(exception);
    } else {
      const known = fromFrameworkError(exception);
      if (known) ({ status, body } = known);
      else {
        status = 500;
        body = errorBody(500, 'internal error: the hub could not handle this request (it is logged)');
        this.log.event('error', 'http.unhandled', { method: request.method, path: request.routeOptions?.url ?? 'unmatched', error: (exception as Error)?.stack ?? String(exception) });
      }
    }
    if (status === 404 && !request.routeOptions?.url) {
      const allowed = this.routes.allowed(request.url);
      if (allowed.length) {
        status = 405;
        body = errorBody(405, `${request.method} is not served on this path; use ${allowed.join(', ')}`, { allowed });
        void reply.header('allow', allowed.join(', '));
      }
    }
    if (status === 413) void reply.header('connection', 'close');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
