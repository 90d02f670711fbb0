import { eventually } from '../helpers/eventually';
import { startGateway, type Gateway } from '../helpers/gateway';
import { json, type Problem, type TokenPair } from '../helpers/http';
import { startRedisCoordination, whileRedisDown, type RedisCoordination } from '../helpers/redis-coordination';
import { describeWithRedis } from '../helpers/redis-server';

const PROBLEM = 'https://oci-gateway.dev/problems/';

/**
 * Refresh and logout read and write the logout denylist in Redis. With Redis stopped, each says
 * what could not be done, not the write-path wording about If-Match and Idempotency-Key.
 */
describeWithRedis('refresh and logout while Redis is down', () => {
  let shared: RedisCoordination;
  let gw: Gateway;

  beforeAll(async () => {
    shared = await startRedisCoordination();
    gw = await startGateway({
      env: { AUTH_JWT_SECRET: 'test-secret-for-the-outage-suite-0123456' },
      coordination: shared.coordination,
    });
  });
  afterAll(async () => {
    await gw?.close();
    await shared?.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(gw.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('When Redis stops, then refresh and logout answer 503 coordination-unavailable saying what did not happen; after it returns, both work', async () => {
    const pair = await json<TokenPair>(
      await post('/api/v1/login/', { userId: 'exec1@acme.example.com', password: 'exec1-password' }),
    );
    expect((await post('/api/v1/login/refresh/', { refreshToken: pair.refreshToken })).status).toBe(200);

    await whileRedisDown(shared.redis, async () => {
      const refresh = await post('/api/v1/login/refresh/', { refreshToken: pair.refreshToken });
      expect(refresh.status).toBe(503);
      expect(Number(refresh.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const refreshProblem = await json<Problem>(refresh);
      expect(refreshProblem.type).toBe(PROBLEM + 'coordination-unavailable');
      expect(refreshProblem.detail).toMatch(/records logouts .* no tokens were issued/);
      expect(refreshProblem.detail).not.toMatch(/If-Match|Idempotency-Key/);

      const logout = await post('/api/v1/logout/', { refreshToken: pair.refreshToken });
      expect(logout.status).toBe(503);
      const logoutProblem = await json<Problem>(logout);
      expect(logoutProblem.type).toBe(PROBLEM + 'coordination-unavailable');
      expect(logoutProblem.detail).toMatch(/the logout was not recorded/);
      expect(logoutProblem.detail).not.toMatch(/If-Match|Idempotency-Key/);
    });
    await eventually(
      async () => (await post('/api/v1/logout/', { refreshToken: pair.refreshToken })).status === 204,
      'logout after Redis returns',
    );
    expect((await post('/api/v1/login/refresh/', { refreshToken: pair.refreshToken })).status).toBe(401);
  }, 30_000);
});
