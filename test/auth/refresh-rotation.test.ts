import { decodeJwt } from 'jose';
import type { Coordination } from '../../src/coordination';
import { eventually } from '../helpers/eventually';
import { call, startGateway, type Gateway } from '../helpers/gateway';
import type { Problem, TokenPair } from '../helpers/http';
import { whileRedisDown } from '../helpers/redis-coordination';
import { startRedisReplicas, type RedisReplicas } from '../helpers/redis-replicas';
import { describeWithRedis, type RedisServer } from '../helpers/redis-server';

/**
 * Refresh tokens are rotated on use: the login session holds the current one. An old one within
 * 10 s of its rotation gets the current one again (a retry, a doubled request); later, it ends
 * the login session — its refresh tokens, not the access tokens already issued.
 */

const SECRET = { AUTH_JWT_SECRET: 'test-secret-for-the-refresh-rotation-suite-0123' };
const EXEC1 = 'exec1@acme.example.com';
const ALERTING = `/api/v1/tenants/acme-ent/groups/acme-hq/users/${EXEC1}/services/executive/alerting/`;

function rotationSuite(setup: () => { gateways: () => Gateway[]; advance: (ms: number) => void }) {
  const env = setup();
  const gw = (i: number) => env.gateways()[i % env.gateways().length];

  async function login(): Promise<TokenPair> {
    const res = await call<TokenPair>(gw(0), 'POST', '/api/v1/login/', {
      body: { userId: 'hq-admin', password: 'hq-password' },
      token: null,
    });
    expect(res.status).toBe(200);
    return res.json;
  }
  const refresh = (refreshToken: string, i = 0) =>
    call<TokenPair & Problem>(gw(i), 'POST', '/api/v1/login/refresh/', { body: { refreshToken }, token: null });
  const use = async (accessToken: string, i = 0) => (await call(gw(i), 'GET', ALERTING, { token: accessToken })).status;
  const jti = (token: string) => decodeJwt(token).jti;

  test('when a refresh token is used, then it is swapped for a new one; used again within 10 s it gets the current one again', async () => {
    const first = await login();
    const second = await refresh(first.refreshToken, 0);
    expect(second.status).toBe(200);
    expect(jti(second.json.refreshToken)).not.toBe(jti(first.refreshToken));
    env.advance(9_000);
    const again = await refresh(first.refreshToken, 1);
    expect(again.status).toBe(200);
    expect(jti(again.json.refreshToken)).toBe(jti(second.json.refreshToken));
    expect(again.json.accessToken).not.toBe(second.json.accessToken);
    expect(await use(again.json.accessToken, 1)).toBe(200);
    // The current token still works, once.
    const third = await refresh(again.json.refreshToken, 1);
    expect(third.status).toBe(200);
    expect(jti(third.json.refreshToken)).not.toBe(jti(second.json.refreshToken));
  });

  test('when two refreshes with one token arrive together, then both get the same new refresh token and the user stays logged in', async () => {
    const first = await login();
    const [a, b] = await Promise.all([refresh(first.refreshToken, 0), refresh(first.refreshToken, 1)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(jti(a.json.refreshToken)).toBe(jti(b.json.refreshToken));
    expect((await refresh(a.json.refreshToken, 0)).status).toBe(200);
  });

  test('when a rotated-out token comes back after 10 s, then the login session ends: every refresh token refused, access tokens valid until they expire', async () => {
    const first = await login();
    const second = await refresh(first.refreshToken, 0);
    env.advance(10_001);
    const reused = await refresh(first.refreshToken, 1);
    expect(reused.status).toBe(401);
    expect(reused.json.detail).toBe('refresh token already used; the login session is ended');
    const current = await refresh(second.json.refreshToken, 0);
    expect(current.status).toBe(401);
    expect(current.json.detail).toBe('session logged out');
    expect(await use(second.json.accessToken, 1)).toBe(200);
    // Another login is another session.
    expect((await refresh((await login()).refreshToken, 1)).status).toBe(200);
  });
}

describe('refresh-token rotation (in-process)', () => {
  let app: Gateway;
  let clock = Date.now();
  beforeAll(async () => {
    app = await startGateway({ env: SECRET, now: () => clock });
  });
  afterAll(() => app.close());

  rotationSuite(() => ({ gateways: () => [app], advance: (ms) => (clock += ms) }));
});

describeWithRedis('refresh-token rotation over two replicas sharing Redis', () => {
  let replicas: RedisReplicas | undefined;
  let redis: RedisServer;
  let clock = Date.now();
  let stores: Coordination[] = [];
  let gateways: Gateway[] = [];
  beforeAll(async () => {
    replicas = await startRedisReplicas({
      count: 2,
      ociTimeoutMs: 5_000,
      now: () => clock,
      gateway: { env: SECRET, now: () => clock },
    });
    ({ redis, stores, gateways } = replicas);
  });
  afterAll(async () => {
    await replicas?.close();
  });

  rotationSuite(() => ({ gateways: () => gateways, advance: (ms) => (clock += ms) }));

  test('when Redis is unreachable, then refresh answers 503 coordination-unavailable', async () => {
    const pair = (
      await call<TokenPair>(gateways[0], 'POST', '/api/v1/login/', {
        body: { userId: 'hq-admin', password: 'hq-password' },
        token: null,
      })
    ).json;
    await whileRedisDown(redis, async () => {
      await eventually(() => stores[0].status().degraded, 'the stores to see Redis gone', { withinMs: 5000 });
      const res = await call<Problem>(gateways[0], 'POST', '/api/v1/login/refresh/', {
        body: { refreshToken: pair.refreshToken },
        token: null,
      });
      expect(res.status).toBe(503);
      expect(res.json.type).toBe('https://oci-gateway.dev/problems/coordination-unavailable');
    });
  });
});
