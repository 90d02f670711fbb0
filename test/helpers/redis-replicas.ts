import { createCoordination, type Coordination } from '../../src/coordination';
import { eventually } from './eventually';
import { startGateway, type Gateway, type GatewayOptions } from './gateway';
import { startRedis, type RedisServer } from './redis-server';

/**
 * Gateway replicas sharing one real Redis and one BroadWorks: each has its own coordination on
 * the same redis-server, and all talk to the first replica's simulator.
 */
export interface RedisReplicas {
  redis: RedisServer;
  /** Each replica's coordination, in the order of `gateways`. */
  stores: Coordination[];
  gateways: Gateway[];
  /** Closes the gateways, then their coordinations, then stops Redis. */
  close(): Promise<void>;
}

export async function startRedisReplicas(opts: {
  count: number;
  ociTimeoutMs: number;
  now?: () => number;
  gateway: Omit<GatewayOptions, 'coordination' | 'primaryUrl'>;
}): Promise<RedisReplicas> {
  const redis = await startRedis();
  const stores: Coordination[] = [];
  const gateways: Gateway[] = [];
  const close = async () => {
    for (const g of gateways) await g.close();
    for (const s of stores) await s.close();
    await redis.stop();
  };
  try {
    for (let i = 0; i < opts.count; i++) {
      const coordination = createCoordination({
        redisUrl: redis.url,
        redisTimeoutMs: 500,
        ociTimeoutMs: opts.ociTimeoutMs,
        idempotencyTtlMs: 60_000,
        ...(opts.now ? { now: opts.now } : {}),
      });
      stores.push(coordination);
      await eventually(() => !coordination.status().degraded, 'Redis to be usable', { withinMs: 5000 });
      const first = gateways[0];
      gateways.push(
        await startGateway({ ...opts.gateway, coordination, ...(first ? { primaryUrl: () => first.sim.url } : {}) }),
      );
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { redis, stores, gateways, close };
}
