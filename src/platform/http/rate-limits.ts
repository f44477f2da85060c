/**
 * Limits on how often something may be done: signing in, entering codes and sending applications (per
 * address and per email, account or session), and API calls (per client). @fastify/rate-limit keeps the
 * counters, in this process's memory: several Plaza processes each count on their own, so a deployment
 * with N web processes allows up to N times each limit. That still stops guessing and flooding, which is
 * what the limits are for; the accounts' own lockouts (in the database) hold across processes.
 *
 * Which routes are limited is one table, given by `src/app.ts`; a rule naming a route that does not exist
 * stops the server from starting, so a renamed route cannot silently lose its limit. A refusal is a 429
 * with Retry-After: a page for people, application/problem+json for the API.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rateLimited } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** For limits a module applies itself, beyond those its routes are given by the table. */
    rateLimiter: RateLimiter;
  }
}

export interface RateLimit {
  /** Names the counter, in logs. Each limit counts separately, even with the same keys. */
  name: string;
  /** What is counted (an address, an email, an account, a client); undefined: this request is not. */
  key: (request: FastifyRequest) => string | undefined;
  /** Requests allowed per window, for each key. */
  max: number | ((request: FastifyRequest) => number);
  windowMs: number;
}

export interface RateLimitRule {
  method: string;
  /** The route's address as registered, such as /apply/:draftId/:pageId. */
  url: string;
  /** Only these requests to the route count (one of several forms posted to the same address). */
  when?: (request: FastifyRequest) => boolean;
  limits: RateLimit[];
}

export interface RateLimiter {
  enabled: boolean;
  /** Counts the request against each limit, and refuses it (429, Retry-After) when one is exceeded. */
  enforce(request: FastifyRequest, reply: FastifyReply, limits: readonly RateLimit[]): Promise<void>;
}

/** Each request counts once per address; IPv6 addresses by their /64, as one household or phone has one. */
export const perAddress = (request: FastifyRequest): string => rateLimit.normalizeIP(request.ip);

export async function registerRateLimits(
  app: FastifyInstance,
  options: { enabled: boolean; rules: readonly RateLimitRule[] },
): Promise<RateLimiter> {
  await app.register(rateLimit, { global: false });
  type Check = ReturnType<FastifyInstance['createRateLimit']>;
  const checks = new Map<RateLimit, Check>();
  const checkFor = (limit: RateLimit): Check => {
    let check = checks.get(limit);
    if (!check) {
      const max = limit.max;
      check = app.createRateLimit({
        timeWindow: limit.windowMs,
        max: typeof max === 'number' ? max : (request) => max(request),
        keyGenerator: (request) => limit.key(request) ?? '',
      });
      checks.set(limit, check);
    }
    return check;
  };

  const limiter: RateLimiter = {
    enabled: options.enabled,
    async enforce(request, reply, limits) {
      if (!options.enabled) return;
      let retryAfter = 0;
      const exceeded: string[] = [];
      // Every limit counts the request, even after one is exceeded: guesses spread over many addresses
      // still add up for the one account they aim at.
      for (const limit of limits) {
        if (limit.key(request) === undefined) continue;
        const result = await checkFor(limit)(request);
        if (!result.isAllowed && result.isExceeded) {
          exceeded.push(limit.name);
          retryAfter = Math.max(retryAfter, result.ttlInSeconds);
        }
      }
      if (exceeded.length === 0) return;
      const seconds = Math.max(1, retryAfter);
      request.log.warn({ limits: exceeded }, 'rate limit exceeded');
      reply.header('retry-after', String(seconds));
      throw rateLimited(
        'rate_limit.exceeded',
        request.pageContext().t('errors.rateLimited', { count: Math.ceil(seconds / 60) }),
      );
    },
  };

  const unmatched = new Set(options.rules);
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    for (const rule of options.rules) {
      if (rule.url !== route.url || !methods.includes(rule.method)) continue;
      unmatched.delete(rule);
      if (!options.enabled) continue;
      const hook = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
        if (rule.when && !rule.when(request)) return;
        await limiter.enforce(request, reply, rule.limits);
      };
      // After the shared preValidation hooks, so the access gate has already refused whoever it refuses.
      route.preValidation = [...[route.preValidation ?? []].flat(), hook];
    }
  });
  app.addHook('onReady', async () => {
    const missing = [...unmatched].map((rule) => `${rule.method} ${rule.url}`);
    if (missing.length > 0)
      throw new Error(`Rate limits name routes that do not exist: ${missing.join(', ')}`);
  });
  return limiter;
}
