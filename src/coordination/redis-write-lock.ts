import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { CoordinationError } from './errors';
import { busy, KeyedMutex } from './keyed-mutex';
import { PROCESS_LEASE } from './memory-write-lock';
import { luaScript, type RedisConnection } from './redis-connection';
import type { Lease, WriteLock, WriteLockOptions } from './stores';

// Only the holder (same random token) may extend or delete the lock.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** The lock's TTL: two OCI documents and a second, renewed every third of it while held. */
export function lockTtlMs(ociTimeoutMs: number): number {
  return 2 * ociTimeoutMs + 1000;
}

export interface SharedWriteLockOptions {
  /** OCI_TIMEOUT_MS: the longest wait for the lock, and the deadline of one OCI document. */
  timeoutMs: number;
  logger?: Pick<Logger, 'warn'>;
  now?: () => number;
}

/**
 * The per-executive write lock across replicas: the in-process lock first (so a replica queues
 * its own writers without polling Redis), then `SET key token NX PX ttl` in Redis. The TTL
 * covers two OCI documents and is renewed every third of it while held; before each document
 * the holder checks that its lease outlives that document's deadline (`Lease.check`), so no
 * document of ours is still on its way once the lock could have passed to another replica.
 * Released by compare-and-delete (Lua), never by a replica that no longer holds it.
 */
export class SharedWriteLock implements WriteLock {
  private readonly local = new KeyedMutex();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly renew;
  private readonly release;

  constructor(
    private readonly redis: RedisConnection,
    private readonly opts: SharedWriteLockOptions,
  ) {
    this.ttlMs = lockTtlMs(opts.timeoutMs);
    this.now = opts.now ?? Date.now;
    this.renew = luaScript(redis.client, 'ocigwLockRenew', 1, RENEW);
    this.release = luaScript(redis.client, 'ocigwLockRelease', 1, RELEASE);
  }

  async run<T>(key: string, opts: WriteLockOptions, fn: (lease: Lease) => Promise<T>): Promise<T> {
    const deadline = this.now() + this.opts.timeoutMs;
    const releaseLocal = await this.local.acquire(key, this.opts.timeoutMs);
    try {
      let lease: RedisLease;
      try {
        lease = await this.acquire(lockKey(key), deadline);
      } catch (err) {
        if (!(err instanceof CoordinationError) || err.kind !== 'unavailable' || opts.strict) throw err;
        // A plain write does not promise fleet-wide atomicity: it goes on under the in-process lock.
        return await fn(PROCESS_LEASE);
      }
      try {
        return await fn(lease);
      } finally {
        await lease.end();
      }
    } finally {
      releaseLocal();
    }
  }

  private async acquire(key: string, deadline: number): Promise<RedisLease> {
    const token = randomBytes(16).toString('base64url');
    for (let attempt = 0; ; attempt++) {
      const sentAt = this.now();
      const ok = await this.redis.call('lock', (c) => c.set(key, token, 'PX', this.ttlMs, 'NX'));
      if (ok === 'OK') return new RedisLease(this, key, token, sentAt + this.ttlMs);
      // Held by another replica: poll with a growing, jittered pause until the deadline.
      const pause = Math.min(2 ** attempt, 25) + Math.random() * 5;
      if (this.now() + pause >= deadline) throw busy(this.opts.timeoutMs);
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /** @internal used by RedisLease */
  get lockTtlMs(): number {
    return this.ttlMs;
  }

  /** @internal */
  get documentMs(): number {
    return this.opts.timeoutMs;
  }

  /** @internal */
  clock(): number {
    return this.now();
  }

  /** @internal */
  async extend(key: string, token: string): Promise<boolean> {
    return (await this.redis.call('lock renew', () => this.renew(key, token, this.ttlMs))) === 1;
  }

  /** @internal */
  async drop(key: string, token: string): Promise<void> {
    try {
      await this.redis.call('lock release', () => this.release(key, token));
    } catch (err) {
      // The TTL frees it; the request's answer does not depend on this.
      this.opts.logger?.warn({ message: (err as Error).message }, 'write lock release failed; it expires by itself');
    }
  }
}

class RedisLease implements Lease {
  private readonly timer: NodeJS.Timeout;
  private renewing = false;

  constructor(
    private readonly lock: SharedWriteLock,
    private readonly key: string,
    private readonly token: string,
    private validUntil: number,
  ) {
    this.timer = setInterval(() => void this.renewOnce(), Math.floor(lock.lockTtlMs / 3));
    this.timer.unref();
  }

  check(): void {
    // A document started now ends by its deadline (documentMs); the margin absorbs clock drift.
    const margin = 50 + this.lock.lockTtlMs / 100;
    if (this.lock.clock() + this.lock.documentMs + margin > this.validUntil) {
      throw new CoordinationError(
        'unavailable',
        'the shared write lock could not be renewed (Redis unreachable); the next document was not sent',
      );
    }
  }

  async end(): Promise<void> {
    clearInterval(this.timer);
    await this.lock.drop(this.key, this.token);
  }

  private async renewOnce(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    const sentAt = this.lock.clock();
    try {
      // false: the key expired and may belong to someone else now; the lease only shrinks.
      if (await this.lock.extend(this.key, this.token)) this.validUntil = sentAt + this.lock.lockTtlMs;
      else this.validUntil = 0;
    } catch {
      // Redis unreachable: the lease keeps its old end; check() refuses documents past it.
    } finally {
      this.renewing = false;
    }
  }
}

/** Redis key of an executive's lock (hashed: ids can be long and hold any character). */
function lockKey(key: string): string {
  return `lock:${createHash('sha256').update(key).digest('base64url')}`;
}
