import { luaScript, type RedisConnection } from './redis-connection';
import { REVOKED_KEY_PREFIX } from './redis-counters';
import type { CookieSessionLimits, CookieSessionLookup, CookieSessionRecord, CookieSessions } from './stores';

/** Beyond the decided lifetime, how long Redis keeps a key before reclaiming it (clocks differ). */
const RECLAIM_SLACK_MS = 60_000;

// A cookie session is a hash: p (principal JSON), s (login-session id), c (login, ms), u (last use, ms).
// USE decides, checks the logout denylist of its login session and records the use, in one round trip.
// ARGV: now (ms), idle (ms), max (ms), the denylist key prefix (with the client's key prefix).
const USE = `
local f = redis.call('hmget', KEYS[1], 'p', 's', 'c', 'u')
if not f[1] then return {'dead'} end
local now = tonumber(ARGV[1])
local age = now - tonumber(f[3])
if now - tonumber(f[4]) >= tonumber(ARGV[2]) or age >= tonumber(ARGV[3])
  or redis.call('exists', ARGV[4] .. f[2]) == 1 then
  redis.call('del', KEYS[1])
  return {'dead'}
end
redis.call('hset', KEYS[1], 'u', ARGV[1])
redis.call('pexpire', KEYS[1], math.max(1000, math.min(tonumber(ARGV[2]), tonumber(ARGV[3]) - age) + ${RECLAIM_SLACK_MS}))
return {'live', f[1], f[2], f[3]}`;

/** Cookie sessions shared by the fleet (REDIS_URL): every replica honours and ends them. */
export class RedisCookieSessions implements CookieSessions {
  private readonly useScript: (...args: (string | number)[]) => Promise<unknown>;
  private readonly revokedPrefix: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly now: () => number = Date.now,
  ) {
    this.useScript = luaScript(redis.client, 'ocigwCookieSessionUse', 1, USE);
    // Keys named inside a script do not get the client's prefix: it is added here.
    this.revokedPrefix = `${redis.client.options.keyPrefix ?? ''}${REVOKED_KEY_PREFIX}`;
  }

  async ensureAvailable(): Promise<void> {
    await this.redis.call('cookie session store', (c) => c.ping());
  }

  async create(idHash: string, record: CookieSessionRecord, limits: CookieSessionLimits): Promise<void> {
    const k = key(idHash);
    const ttlMs = Math.min(limits.idleMs, limits.maxMs) + RECLAIM_SLACK_MS;
    await this.redis.call('cookie session', (c) =>
      c
        .multi()
        .hset(k, 'p', record.principal, 's', record.loginSessionId, 'c', record.createdAtMs, 'u', this.now())
        .pexpire(k, ttlMs)
        .exec(),
    );
  }

  async use(idHash: string, limits: CookieSessionLimits): Promise<CookieSessionLookup> {
    const out = (await this.redis.call('cookie session lookup', () =>
      this.useScript(key(idHash), this.now(), limits.idleMs, limits.maxMs, this.revokedPrefix),
    )) as string[];
    if (out[0] !== 'live') return { kind: 'dead' };
    return { kind: 'live', record: { principal: out[1], loginSessionId: out[2], createdAtMs: Number(out[3]) } };
  }

  async end(idHash: string): Promise<CookieSessionRecord | undefined> {
    const out = await this.redis.call('cookie session end', (c) =>
      c.multi().hmget(key(idHash), 'p', 's', 'c').del(key(idHash)).exec(),
    );
    const fields = out?.[0]?.[1] as (string | null)[] | undefined;
    if (!fields?.[0] || !fields[1]) return undefined;
    return { principal: fields[0], loginSessionId: fields[1], createdAtMs: Number(fields[2]) };
  }
}

function key(idHash: string): string {
  return `cookie-session:${idHash}`;
}
