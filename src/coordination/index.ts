import type { Logger } from 'pino';
import { MemoryIdempotencyRecords } from './memory-idempotency';
import { MemoryRevocationList, TokenBucketCounter } from './memory-counters';
import { MemoryLoginGuard, type LoginFailureLimits } from './memory-login-guard';
import { MemoryCookieSessions } from './memory-cookie-sessions';
import { MemoryLoginSessions } from './memory-login-sessions';
import { ProcessWriteLock } from './memory-write-lock';
import { RedisConnection } from './redis-connection';
import { RedisCookieSessions } from './redis-cookie-sessions';
import { RedisRateCounter, RedisRevocationList } from './redis-counters';
import { RedisLoginGuard } from './redis-login-guard';
import { RedisLoginSessions } from './redis-login-sessions';
import { RedisIdempotencyRecords } from './redis-idempotency';
import { lockTtlMs, SharedWriteLock } from './redis-write-lock';
import type {
  CookieSessions,
  CoordinationStatus,
  IdempotencyRecords,
  LoginGuard,
  LoginSessions,
  RateCounter,
  RevocationList,
  WriteLock,
} from './stores';

export { CoordinationError } from './errors';
export type * from './stores';

/** The stores a gateway uses, picked once by the composition root and passed through createApp. */
export interface Coordination {
  writeLock: WriteLock;
  idempotency: IdempotencyRecords;
  /** Undefined when RATE_LIMIT_RPS is unset (no limit). */
  rateLimit?: RateCounter;
  /** Login attempts per account and address (in flight or failed). */
  loginFailures: LoginGuard;
  revocations: RevocationList;
  /** Login sessions: the current refresh token of each login. */
  loginSessions: LoginSessions;
  /** Cookie sessions (login with "username"), hanging off the login sessions' ids. */
  cookieSessions: CookieSessions;
  status(): CoordinationStatus;
  close(): Promise<void>;
}

export interface CoordinationOptions {
  /** REDIS_URL; unset: everything in-process (one replica). */
  redisUrl?: string;
  redisPassword?: string;
  redisTimeoutMs: number;
  /** OCI_TIMEOUT_MS: bounds the wait for the write lock and sizes its TTL. */
  ociTimeoutMs: number;
  idempotencyTtlMs: number;
  rateLimitRps?: number;
  loginLimits?: LoginFailureLimits;
  logger?: Logger;
  now?: () => number;
}

export type ProcessCoordinationOptions = Pick<
  CoordinationOptions,
  'ociTimeoutMs' | 'idempotencyTtlMs' | 'rateLimitRps' | 'loginLimits' | 'now'
>;

/** In-process stores: what one replica needs, and what the tests inject clocks into. */
export function createProcessCoordination(opts: ProcessCoordinationOptions): Coordination {
  const now = opts.now ?? Date.now;
  const revocations = new MemoryRevocationList(now);
  return {
    writeLock: new ProcessWriteLock(opts.ociTimeoutMs),
    idempotency: new MemoryIdempotencyRecords({ ttlMs: opts.idempotencyTtlMs, now }),
    rateLimit: opts.rateLimitRps === undefined ? undefined : new TokenBucketCounter(opts.rateLimitRps, { now }),
    loginFailures: new MemoryLoginGuard({ now, ...opts.loginLimits }),
    revocations,
    loginSessions: new MemoryLoginSessions({ now }),
    cookieSessions: new MemoryCookieSessions(revocations, now),
    status: () => ({ mode: 'in-process', degraded: false }),
    close: () => Promise.resolve(),
  };
}

/** Redis-backed stores when a URL is given, else the in-process ones. */
export function createCoordination(opts: CoordinationOptions): Coordination {
  if (!opts.redisUrl) return createProcessCoordination(opts);
  const redis = new RedisConnection({
    url: opts.redisUrl,
    password: opts.redisPassword,
    timeoutMs: opts.redisTimeoutMs,
    logger: opts.logger,
  });
  // The in-flight marker lives as long as the write lock would.
  const markerTtlMs = lockTtlMs(opts.ociTimeoutMs);
  return {
    writeLock: new SharedWriteLock(redis, { timeoutMs: opts.ociTimeoutMs, logger: opts.logger, now: opts.now }),
    idempotency: new RedisIdempotencyRecords(redis, { ttlMs: opts.idempotencyTtlMs, markerTtlMs }),
    rateLimit: opts.rateLimitRps === undefined ? undefined : new RedisRateCounter(redis, opts.rateLimitRps),
    loginFailures: new RedisLoginGuard(redis, { ...opts.loginLimits, logger: opts.logger, now: opts.now }),
    revocations: new RedisRevocationList(redis, opts.now),
    loginSessions: new RedisLoginSessions(redis, { now: opts.now }),
    cookieSessions: new RedisCookieSessions(redis, opts.now),
    status: () => ({
      mode: 'redis',
      degraded: redis.degraded,
      ...(redis.reason ? { reason: `Redis at ${redis.target}: ${redis.reason}` } : {}),
    }),
    close: () => redis.close(),
  };
}
