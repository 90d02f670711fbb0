import { luaScript, type RedisConnection } from './redis-connection';
import { REFRESH_REPLAY_GRACE_MS } from './memory-login-sessions';
import type { LoginSessions, RefreshRotation } from './stores';

// A login session is a hash: `current` (the current refresh id) and `r:<id>` = when that id was
// rotated out (ms), kept for the grace period. ROTATE is the compare-and-set, whole in Redis.
// ARGV: presented id, next id, now (ms), grace (ms), TTL (ms).
const ROTATE = `
local current = redis.call('hget', KEYS[1], 'current')
local now = tonumber(ARGV[3])
if (not current) or current == ARGV[1] then
  local fields = redis.call('hgetall', KEYS[1])
  for i = 1, #fields, 2 do
    if string.sub(fields[i], 1, 2) == 'r:' and now - tonumber(fields[i + 1]) > tonumber(ARGV[4]) then
      redis.call('hdel', KEYS[1], fields[i])
    end
  end
  redis.call('hset', KEYS[1], 'current', ARGV[2], 'r:' .. ARGV[1], ARGV[3])
  redis.call('pexpire', KEYS[1], ARGV[5])
  return {'rotated'}
end
local at = redis.call('hget', KEYS[1], 'r:' .. ARGV[1])
if at and now - tonumber(at) <= tonumber(ARGV[4]) then
  return {'replayed', current}
end
return {'reused'}`;

/** Login sessions shared by the fleet (REDIS_URL), each key expiring with its refresh tokens. */
export class RedisLoginSessions implements LoginSessions {
  private readonly rotateScript: (...args: (string | number)[]) => Promise<unknown>;
  private readonly now: () => number;
  private readonly graceMs: number;

  constructor(
    private readonly redis: RedisConnection,
    opts: { now?: () => number; graceMs?: number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.graceMs = opts.graceMs ?? REFRESH_REPLAY_GRACE_MS;
    this.rotateScript = luaScript(redis.client, 'ocigwLoginRotate', 1, ROTATE);
  }

  async start(sessionId: string, refreshId: string, untilEpochSeconds: number): Promise<void> {
    const ttlMs = this.ttlMs(untilEpochSeconds);
    await this.redis.call('login session', (c) =>
      c.multi().del(key(sessionId)).hset(key(sessionId), 'current', refreshId).pexpire(key(sessionId), ttlMs).exec(),
    );
  }

  async rotate(
    sessionId: string,
    presentedId: string,
    nextId: string,
    untilEpochSeconds: number,
  ): Promise<RefreshRotation> {
    const out = (await this.redis.call('refresh rotation', () =>
      this.rotateScript(key(sessionId), presentedId, nextId, this.now(), this.graceMs, this.ttlMs(untilEpochSeconds)),
    )) as string[];
    if (out[0] === 'rotated') return { kind: 'rotated' };
    if (out[0] === 'replayed') return { kind: 'replayed', currentId: out[1] };
    return { kind: 'reused' };
  }

  private ttlMs(untilEpochSeconds: number): number {
    return Math.max(1000, untilEpochSeconds * 1000 - this.now());
  }
}

function key(sessionId: string): string {
  return `login-session:${sessionId}`;
}
