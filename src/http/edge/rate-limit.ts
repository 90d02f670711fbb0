import type { RequestHandler } from 'express';
import { TokenBucketCounter, type TokenBucketOptions } from '../../coordination/memory-counters';
import type { RateCounter } from '../../coordination/stores';
import { PRINCIPAL_LOCAL, type Principal } from '../principal';
import { sendProblem } from '../problem';

export interface RateLimiterOptions extends TokenBucketOptions {
  /** Where requests are counted; default: a token bucket in this process. */
  counter?: RateCounter;
}

/**
 * Requests per principal (per client address without one), at `rps`. Counted by `counter`:
 * in this process by default (with N replicas a caller gets up to N × rps), fleet-wide when
 * the composition root passes the Redis counter. Off (pass-through) when `rps` is undefined.
 */
export function createRateLimiter(rps: number | undefined, opts: RateLimiterOptions = {}): RequestHandler {
  if (rps === undefined) return (_req, _res, next) => next();
  const counter = opts.counter ?? new TokenBucketCounter(rps, opts);
  return async (req, res, next) => {
    const p = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
    const key = p ? `${p.level}:${p.sub}` : `ip:${req.ip ?? ''}`;
    const decision = await counter.take(key);
    if (decision.allowed) return next();
    res.setHeader('Retry-After', String(decision.retryAfterSeconds));
    sendProblem(res, 'rate-limited', { detail: `rate limit of ${rps} requests per second exceeded` });
  };
}
