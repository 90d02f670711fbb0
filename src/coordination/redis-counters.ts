import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { TokenBucketCounter } from './memory-counters';
import type { RedisConnection } from './redis-connection';
import type { RateCounter, RateDecision, RevocationList } from './stores';

/** rate-limiter-flexible refuses with a RateLimiterRes (an answer) and fails with an Error (Redis trouble). */
export function refusedAs<T>(p: Promise<T>): Promise<T | RateLimiterRes> {
  return p.catch((err: unknown) => {
    if (err instanceof RateLimiterRes) return err;
    throw err;
  });
}

/**
 * Requests per principal counted by the fleet (rate-limiter-flexible, fixed window in Redis).
 * `rps` becomes `points` per `duration` whole seconds. While Redis is unavailable each replica
 * counts on its own with the in-process token bucket.
 */
export class RedisRateCounter implements RateCounter {
  private readonly limiter: RateLimiterRedis;
  private readonly fallback: TokenBucketCounter;

  constructor(
    private readonly redis: RedisConnection,
    rps: number,
  ) {
    const duration = Math.max(1, Math.ceil(1 / rps));
    const points = Math.max(1, Math.floor(rps * duration));
    this.limiter = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: 'rate',
      points,
      duration,
      rejectIfRedisNotReady: true,
    });
    this.fallback = new TokenBucketCounter(rps);
  }

  async take(key: string): Promise<RateDecision> {
    let out: RateLimiterRes;
    try {
      out = await this.redis.call('rate limit', () => refusedAs(this.limiter.consume(key)));
    } catch {
      return this.fallback.takeNow(key);
    }
    if (out.remainingPoints >= 0 && out.consumedPoints <= this.limiter.points) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(out.msBeforeNext / 1000)) };
  }
}

/** Revoked refresh sessions in Redis, each key expiring with the tokens it revokes. */
/** The key of a revoked login session: shared with the cookie sessions' script, which checks it. */
export const REVOKED_KEY_PREFIX = 'revoked:';

export class RedisRevocationList implements RevocationList {
  constructor(
    private readonly redis: RedisConnection,
    private readonly now: () => number = Date.now,
  ) {}

  async revoke(id: string, untilEpochSeconds: number): Promise<void> {
    const ttlMs = untilEpochSeconds * 1000 - this.now();
    if (ttlMs <= 0) return;
    await this.redis.call('revoke', (c) => c.set(`${REVOKED_KEY_PREFIX}${id}`, '1', 'PX', Math.ceil(ttlMs)));
  }

  async isRevoked(id: string): Promise<boolean> {
    return (await this.redis.call('revocation lookup', (c) => c.exists(`${REVOKED_KEY_PREFIX}${id}`))) === 1;
  }
}
