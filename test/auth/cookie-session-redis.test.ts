import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Coordination } from '../../src/coordination';
import { eventually } from '../helpers/eventually';
import { startGateway, userBase, type Gateway } from '../helpers/gateway';
import { send, sessionCookie } from '../helpers/cookie-client';
import { startRedisCoordination, whileRedisDown, type RedisCoordination } from '../helpers/redis-coordination';
import { describeWithRedis, type RedisServer } from '../helpers/redis-server';
import { withoutKeepAlives } from '../helpers/keep-alives';

const PROBLEM = 'https://oci-gateway.dev/problems/';
const EXEC1 = 'exec1@acme.example.com';
const CREDENTIALS = { username: EXEC1, password: 'exec1-password' };
const ALERTING = `${userBase('acme-ent', 'acme-hq', EXEC1)}services/executive/alerting/`;

/**
 * Cookie sessions in Redis: stored under the SHA-256 of the id, never the id; with Redis down a
 * username login and every cookie request answer 503 with nothing sent to BroadWorks (a session
 * store that fails open is not acceptable), while bearer tokens keep working.
 */
describeWithRedis('cookie sessions in Redis', () => {
  let shared: RedisCoordination;
  let redis: RedisServer;
  let coordination: Coordination;
  let gw: Gateway;
  let inspect: Redis;
  let clock = Date.now();

  beforeAll(async () => {
    shared = await startRedisCoordination({ now: () => clock });
    ({ redis, coordination } = shared);
    gw = await startGateway({
      env: { AUTH_JWT_SECRET: 'cookie-redis-suite-secret-0123456789ab', SESSION_IDLE_S: '600', SESSION_MAX_S: '3600' },
      coordination,
      now: () => clock,
    });
    inspect = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    await inspect.connect();
  });
  afterAll(async () => {
    inspect?.disconnect();
    await gw?.close();
    await shared?.close();
  });

  test('the session is kept under the SHA-256 of its id, with the principal; the id itself is nowhere in Redis', async () => {
    const login = await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS });
    const id = sessionCookie(login)!.slice('sessionid='.length);
    const digest = createHash('sha256').update(id).digest('base64url');
    const record = await inspect.hgetall(`ocigw:cookie-session:${digest}`);
    expect(JSON.parse(record.p)).toMatchObject({ sub: EXEC1, level: 'user', userId: EXEC1 });
    const ttl = await inspect.pttl(`ocigw:cookie-session:${digest}`);
    expect(ttl).toBeGreaterThan(0);
    for (const key of await inspect.keys('*')) {
      expect(key).not.toContain(id);
      const type = await inspect.type(key);
      const values =
        type === 'hash' ? Object.values(await inspect.hgetall(key)) : type === 'string' ? [await inspect.get(key)] : [];
      for (const v of values) expect(v).not.toContain(id);
    }
  });

  test('idle and absolute lifetimes are decided in Redis from the recorded times against the gateway clock', async () => {
    const login = async () => sessionCookie(await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS }))!;
    const get = async (cookie: string) => (await send(gw.url, 'GET', ALERTING, { cookie })).status;
    const idle = await login();
    clock += 599_000;
    expect(await get(idle)).toBe(200);
    clock += 600_000;
    expect(await get(idle)).toBe(401);

    const busy = await login();
    const start = clock;
    while (clock + 300_000 < start + 3600_000) {
      clock += 300_000;
      expect(await get(busy)).toBe(200);
    }
    clock = start + 3600_000;
    expect(await get(busy)).toBe(401);
  });

  test('when Redis stops, then a username login and cookie requests answer 503 coordination-unavailable with nothing sent; bearer tokens keep working', async () => {
    const login = await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS });
    const cookie = sessionCookie(login)!;
    const token = login.json!.accessToken as string;
    expect((await send(gw.url, 'GET', ALERTING, { cookie })).status).toBe(200);

    await whileRedisDown(redis, async () => {
      gw.sim.clearRequestLog();
      const again = await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS });
      expect(again.status).toBe(503);
      expect(again.json!.type).toBe(PROBLEM + 'coordination-unavailable');
      expect(sessionCookie(again)).toBeUndefined();
      for (const method of ['GET', 'PUT']) {
        const res = await send(gw.url, method, ALERTING, {
          cookie,
          ...(method === 'PUT' ? { body: { callPushRecallAfter: 3 } } : {}),
        });
        expect(res.status).toBe(503);
        expect(res.json!.type).toBe(PROBLEM + 'coordination-unavailable');
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(res.setCookie).toEqual([]); // not known to be dead: the cookie is kept
      }
      const logout = await send(gw.url, 'POST', '/api/v1/logout/', { cookie });
      expect(logout.status).toBe(503);
      expect(withoutKeepAlives(gw.sim.requestLog())).toEqual([]);
      // The bearer token of the same login is verified by signature alone.
      expect((await send(gw.url, 'GET', ALERTING, { token })).status).toBe(200);
    });
    // Redis came back empty (no persistence): the session is gone, and says so.
    await eventually(
      async () => (await send(gw.url, 'GET', ALERTING, { cookie })).status === 401,
      'the cookie refused',
    );
  }, 30_000);
});
