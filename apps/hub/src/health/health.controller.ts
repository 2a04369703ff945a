import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Repositories } from '@hub/persistence';
import { INGEST_QUEUE } from '@hub/queue';
import { ApiAnswer, bool, int, obj, str } from '../http/openapi';
import { PipelineQueues } from '@hub/runtime';

const TIMEOUT_MS = 2000;

const CHECK = obj({ ok: bool, ms: int, error: str }, ['ok', 'ms']);
const HEALTH = obj({ status: { type: 'string', enum: ['ok', 'degraded'] }, checks: obj({ mongo: CHECK, redis: CHECK }) });

async function check(run: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = Date.now();
  try {
    await Promise.race([run(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS))]);
    return { ok: true, ms: Date.now() - started };
  } catch (e) {
    return { ok: false, ms: Date.now() - started, error: (e as Error).message };
  }
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: answers without touching MongoDB or Redis' })
  @ApiAnswer(200, 'the process is up', obj({ status: { type: 'string', enum: ['ok'] } }))
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @ApiOperation({ summary: 'MongoDB and Redis reachability; 503 when either is down' })
  @ApiAnswer(200, 'both reachable', HEALTH)
  @ApiAnswer(503, 'MongoDB or Redis unreachable', HEALTH)
  async health(@Res() res: FastifyReply): Promise<void> {
    const [mongo, redis] = await Promise.all([check(() => this.repos.ping()), check(() => this.queues.get(INGEST_QUEUE).client.ping())]);
    const ok = mongo.ok && redis.ok;
    await res.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', checks: { mongo, redis } });
  }
}
