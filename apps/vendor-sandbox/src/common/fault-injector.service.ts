import { BadRequestException, Injectable } from '@nestjs/common';
import { ResetRegistry } from './reset-registry.service';

/** One canned answer; a string body is sent as-is (HTML when it starts with `<`), anything else as JSON. */
export interface FaultResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait before answering, e.g. to trip the caller's timeout. */
  delayMs?: number;
  /**
   * The call is handled (applied) as normal, but its answer never reaches the caller: the connection is
   * closed instead. `status` and `body` are ignored. This is the "write applied, answer lost" case.
   */
  loseAnswer?: boolean;
}

export interface FaultRule {
  id: number;
  /** HTTP method or `*`. */
  method: string;
  /** Exact path without query, or a pattern where `*` matches any run of characters. */
  path: string;
  responses: FaultResponse[];
  /** Calls still to be answered by this rule. */
  remaining: number;
  served: number;
}

export interface FaultRuleInput {
  method?: unknown;
  path?: unknown;
  responses?: unknown;
  times?: unknown;
}

@Injectable()
export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(resets: ResetRegistry) {
    resets.register(() => this.clear());
  }

  add(input: FaultRuleInput): FaultRule {
    const method = typeof input.method === 'string' && input.method ? input.method.toUpperCase() : '*';
    if (typeof input.path !== 'string' || !input.path.startsWith('/')) {
      throw new BadRequestException('path must be a string starting with "/"');
    }
    if (!Array.isArray(input.responses) || input.responses.length === 0) {
      throw new BadRequestException('responses must be a non-empty array of {status, body}');
    }
    const responses = input.responses.map((raw, index) => toFaultResponse(raw, index));
    const times = input.times === undefined ? responses.length : Number(input.times);
    if (!Number.isInteger(times) || times < 1) throw new BadRequestException('times must be a positive integer');
    const rule: FaultRule = { id: this.nextId++, method, path: input.path, responses, remaining: times, served: 0 };
    this.rules.push(rule);
    return rule;
  }

  /** The answer for this call if a rule matches (oldest rule first), consuming one of its uses. */
  take(method: string, path: string): FaultResponse | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r, method.toUpperCase(), path));
    if (!rule) return undefined;
    const response = rule.responses[rule.served % rule.responses.length];
    rule.served += 1;
    rule.remaining -= 1;
    return response;
  }

  list(): FaultRule[] {
    return this.rules.filter((r) => r.remaining > 0);
  }

  clear(): void {
    this.rules = [];
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== '*' && rule.method !== method) return false;
  if (!rule.path.includes('*')) return rule.path === path;
  const pattern = rule.path.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${pattern}$`).test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function toFaultResponse(raw: unknown, index: number): FaultResponse {
  if (typeof raw !== 'object' || raw === null) throw new BadRequestException(`responses[${index}] must be an object`);
  const candidate = raw as Record<string, unknown>;
  const loseAnswer = candidate.loseAnswer === true;
  const status = loseAnswer && candidate.status === undefined ? 200 : Number(candidate.status);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new BadRequestException(`responses[${index}].status must be an HTTP status`);
  }
  const headers = candidate.headers;
  if (headers !== undefined && (typeof headers !== 'object' || headers === null)) {
    throw new BadRequestException(`responses[${index}].headers must be an object`);
  }
  const delayMs = candidate.delayMs === undefined ? undefined : Number(candidate.delayMs);
  return {
    status,
    body: candidate.body,
    headers: headers as Record<string, string> | undefined,
    delayMs: delayMs !== undefined && Number.isFinite(delayMs) ? delayMs : undefined,
    ...(loseAnswer ? { loseAnswer } : {}),
  };
}
