import { createHash, randomBytes } from 'node:crypto';
import { luaScript, type RedisConnection } from './redis-connection';
import type { IdempotencyBegin, IdempotencyRecords, StoredAnswer } from './stores';

// A record is a hash: fp (body fingerprint), and either token (in flight, short TTL) or answer.
// BEGIN creates it atomically when absent; otherwise it returns what is there.
const BEGIN = `
if redis.call('exists', KEYS[1]) == 1 then
  return redis.call('hmget', KEYS[1], 'fp', 'answer')
end
redis.call('hset', KEYS[1], 'fp', ARGV[1], 'token', ARGV[2])
redis.call('pexpire', KEYS[1], ARGV[3])
return 'started'`;
// Only the attempt that holds the marker settles it.
const COMPLETE = `
if redis.call('hget', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('hdel', KEYS[1], 'token')
redis.call('hset', KEYS[1], 'answer', ARGV[2])
return redis.call('pexpire', KEYS[1], ARGV[3])`;
const ABANDON = `if redis.call('hget', KEYS[1], 'token') == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const RENEW = `if redis.call('hget', KEYS[1], 'token') == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

export interface RedisIdempotencyOptions {
  /** How long a final answer is replayed (IDEMPOTENCY_TTL_S). */
  ttlMs: number;
  /**
   * Lifetime of the in-flight marker, renewed while the attempt runs: the write lock's TTL, so
   * a replica that dies mid-request leaves a 409 for that long, not for a day.
   */
  markerTtlMs: number;
}

/** Idempotency-Key records shared by the fleet. */
export class RedisIdempotencyRecords implements IdempotencyRecords {
  private readonly beginScript;
  private readonly completeScript;
  private readonly abandonScript;
  private readonly renewScript;

  constructor(
    private readonly redis: RedisConnection,
    private readonly opts: RedisIdempotencyOptions,
  ) {
    this.beginScript = luaScript(redis.client, 'ocigwIdemBegin', 1, BEGIN);
    this.completeScript = luaScript(redis.client, 'ocigwIdemComplete', 1, COMPLETE);
    this.abandonScript = luaScript(redis.client, 'ocigwIdemAbandon', 1, ABANDON);
    this.renewScript = luaScript(redis.client, 'ocigwIdemRenew', 1, RENEW);
  }

  async begin(id: string, fingerprint: string): Promise<IdempotencyBegin> {
    const key = `idem:${createHash('sha256').update(id).digest('base64url')}`;
    const token = randomBytes(16).toString('base64url');
    const out = await this.redis.call('idempotency lookup', () =>
      this.beginScript(key, fingerprint, token, this.opts.markerTtlMs),
    );
    if (Array.isArray(out)) {
      const [fp, answer] = out as (string | null)[];
      if (fp !== fingerprint) return { kind: 'reused' };
      return answer ? { kind: 'replay', answer: JSON.parse(answer) as StoredAnswer } : { kind: 'in-flight' };
    }
    const renewal = setInterval(
      () => void this.renewScript(key, token, this.opts.markerTtlMs).catch(() => undefined),
      Math.floor(this.opts.markerTtlMs / 3),
    );
    renewal.unref();
    return {
      kind: 'started',
      claim: {
        complete: async (answer) => {
          clearInterval(renewal);
          await this.redis.call('idempotency store', () =>
            this.completeScript(key, token, JSON.stringify(answer), this.opts.ttlMs),
          );
        },
        abandon: async () => {
          clearInterval(renewal);
          await this.redis.call('idempotency release', () => this.abandonScript(key, token));
        },
      },
    };
  }
}
