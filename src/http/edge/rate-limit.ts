import type { RequestHandler } from 'express';
import { PRINCIPAL_LOCAL, type Principal } from '../principal';
import { sendProblem } from '../problem';

export interface RateLimiterOptions {
  /** Bucket size (requests allowed in a burst); defaults to one second's worth, at least 1. */
  burst?: number;
  /** Buckets kept at most; full (idle) buckets are dropped first. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token bucket per principal (per client address without one), refilled at `rps`. Counted in
 * this process only: with N replicas a caller gets up to N × rps. Off (pass-through) when
 * `rps` is undefined.
 */
export function createRateLimiter(rps: number | undefined, opts: RateLimiterOptions = {}): RequestHandler {
  if (rps === undefined) return (_req, _res, next) => next();
  const burst = opts.burst ?? Math.max(1, Math.ceil(rps));
  const maxKeys = opts.maxKeys ?? 50_000;
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  function refill(b: Bucket, t: number): void {
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rps!);
    b.at = t;
  }

  function prune(t: number): void {
    for (const [k, b] of buckets) {
      refill(b, t);
      if (b.tokens >= burst) buckets.delete(k);
    }
    // Everyone is active: forget the oldest ones rather than grow without bound.
    while (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
  }

  return (req, res, next) => {
    const p = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
    const key = p ? `${p.level}:${p.sub}` : `ip:${req.ip ?? ''}`;
    const t = now();
    let b = buckets.get(key);
    if (!b) {
      if (buckets.size >= maxKeys) prune(t);
      b = { tokens: burst, at: t };
      buckets.set(key, b);
    } else {
      refill(b, t);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      next();
      return;
    }
    const waitS = Math.max(1, Math.ceil((1 - b.tokens) / rps));
    res.setHeader('Retry-After', String(waitS));
    sendProblem(res, 'rate-limited', { detail: `rate limit of ${rps} requests per second exceeded` });
  };
}
