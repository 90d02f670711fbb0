import { createCoordination, type Coordination } from '../../src/coordination';
import { eventually } from './eventually';
import { startRedis, type RedisServer } from './redis-server';

/**
 * A real redis-server and the gateway's coordination connected to it, ready to use: the suites
 * that take Redis away mid-test all start the same way and restart it the same way.
 */
export interface RedisCoordination {
  redis: RedisServer;
  coordination: Coordination;
  /** Closes the coordination, then stops the server. */
  close(): Promise<void>;
}

export async function startRedisCoordination(
  opts: { ociTimeoutMs?: number; now?: () => number } = {},
): Promise<RedisCoordination> {
  const redis = await startRedis();
  const coordination = createCoordination({
    redisUrl: redis.url,
    redisTimeoutMs: 200,
    ociTimeoutMs: opts.ociTimeoutMs ?? 2000,
    idempotencyTtlMs: 60_000,
    ...(opts.now ? { now: opts.now } : {}),
  });
  await eventually(() => !coordination.status().degraded, 'Redis to be usable');
  return {
    redis,
    coordination,
    close: async () => {
      await coordination.close();
      await redis.stop();
    },
  };
}

/** Runs `fn` with Redis stopped, and starts it again (empty) whatever `fn` did. */
export async function whileRedisDown<T>(redis: RedisServer, fn: () => Promise<T>): Promise<T> {
  await redis.stop();
  try {
    return await fn();
  } finally {
    await redis.start();
  }
}
