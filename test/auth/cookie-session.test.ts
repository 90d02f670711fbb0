import { startGateway, userBase, type Gateway } from '../helpers/gateway';
import { expiresSession, send, sessionCookie, type CookieAnswer } from '../helpers/cookie-client';
import { withoutKeepAlives } from '../helpers/keep-alives';

const PROBLEM = 'https://oci-gateway.dev/problems/';
const SECRET = { AUTH_JWT_SECRET: 'cookie-session-suite-secret-0123456789', AUTH_ACCESS_TTL_S: '300' };
const EXEC1 = 'exec1@acme.example.com';
const CREDENTIALS = { username: EXEC1, password: 'exec1-password' };
const ALERTING = `${userBase('acme-ent', 'acme-hq', EXEC1)}services/executive/alerting/`;
const IDLE_S = 600;
const MAX_S = 3600;

/**
 * APIO's login shape and its cookie session, on one replica over real HTTP against the
 * simulator, with the gateway's clock injected for the idle and absolute lifetimes.
 */
describe('cookie sessions (login with username)', () => {
  let gw: Gateway;
  let clock = Date.now();

  beforeAll(async () => {
    gw = await startGateway({
      env: { ...SECRET, SESSION_IDLE_S: String(IDLE_S), SESSION_MAX_S: String(MAX_S) },
      now: () => clock,
    });
  });
  afterAll(() => gw.close());

  const login = (body: unknown = CREDENTIALS, opts: { cookie?: string; headers?: Record<string, string> } = {}) =>
    send(gw.url, 'POST', '/api/v1/login/', { body, ...opts });
  const get = (cookie: string, path = ALERTING) => send(gw.url, 'GET', path, { cookie });
  const sentDocuments = () => withoutKeepAlives(gw.sim.requestLog()).length;

  async function loggedIn(): Promise<{ cookie: string; answer: CookieAnswer }> {
    const answer = await login();
    expect(answer.status).toBe(200);
    return { cookie: sessionCookie(answer)!, answer };
  }

  test('when a portal logs in with username, then the answer carries the tokens, APIO ids and level, and a sessionid cookie with the safe attributes', async () => {
    const { answer, cookie } = await loggedIn();
    expect(answer.json).toMatchObject({
      tokenType: 'Bearer',
      ids: { tenant_id: 'acme-ent', group_id: 'acme-hq', user_id: EXEC1 },
      profile: { user_level: 0, is_first_login: false },
    });
    expect(answer.json!.profile).not.toHaveProperty('access_type');
    const line = answer.setCookie.find((l) => l.startsWith('sessionid='))!;
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).not.toMatch(/Secure/); // plain http, no https PUBLIC_URL
    // At least 128 random bits: 22 base64url characters or more.
    expect(cookie.slice('sessionid='.length)).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  test('when each login mints a session, then the ids all differ', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) ids.add((await loggedIn()).cookie);
    expect(ids.size).toBe(3);
  });

  test('when the cookie alone calls an API route, then it is served with Cache-Control: no-store', async () => {
    const { cookie } = await loggedIn();
    const res = await get(cookie);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeDefined();
  });

  test('when both userId and username are sent, then 400 naming username and nothing reaches BroadWorks', async () => {
    gw.sim.clearRequestLog();
    const res = await login({ userId: EXEC1, username: EXEC1, password: 'exec1-password' });
    expect(res.status).toBe(400);
    expect(res.json!.type).toBe(PROBLEM + 'validation-error');
    expect(JSON.stringify(res.json!.errors)).toContain('/username');
    expect(res.setCookie).toEqual([]);
    expect(sentDocuments()).toBe(0);
  });

  test('when the password is wrong, then 401 and no cookie', async () => {
    const res = await login({ username: EXEC1, password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(sessionCookie(res)).toBeUndefined();
  });

  test.each([
    ['an unknown id', 'sessionid=bm90LWEtc2Vzc2lvbi1pZC1hdC1hbGwtMTIzNDU2'],
    ['broken %-encoding', 'sessionid=%E0%A4%A'],
    ['a quoted value beside other cookies', 'lb=abc; sessionid="x"; other=1'],
  ])('when a cookie with %s is sent, then 401 with a Set-Cookie that drops it', async (_what, header) => {
    const res = await get(header);
    expect(res.status).toBe(401);
    expect(res.json!.type).toBe(PROBLEM + 'unauthorized');
    expect(expiresSession(res)).toBe(true);
  });

  test('when the cookie is used on another tenant, then 403 as for a bearer token of the same principal', async () => {
    const { cookie, answer } = await loggedIn();
    const other = ALERTING.replace('acme-ent', 'gamma-ent');
    const byCookie = await get(cookie, other);
    const byToken = await send(gw.url, 'GET', other, { token: answer.json!.accessToken as string });
    expect(byCookie.status).toBe(403);
    expect(byToken.status).toBe(403);
    expect(byCookie.json!.type).toBe(byToken.json!.type);
  });

  test('when an Authorization header is sent with the cookie, then the header decides', async () => {
    const { cookie } = await loggedIn();
    const badHeader = await send(gw.url, 'GET', ALERTING, { cookie, headers: { authorization: 'Bearer not.a.token' } });
    expect(badHeader.status).toBe(401);
    const otherUser = await gw.token({
      sub: 'plain1@acme.example.com',
      level: 'user',
      tenantId: 'acme-ent',
      groupId: 'acme-hq',
      userId: 'plain1@acme.example.com',
    });
    expect((await send(gw.url, 'GET', ALERTING, { cookie, token: otherUser })).status).toBe(403);
  });

  test('when the refresh token logs out, then the cookie of the same login is dead too', async () => {
    const { cookie, answer } = await loggedIn();
    expect((await get(cookie)).status).toBe(200);
    const out = await send(gw.url, 'POST', '/api/v1/logout/', { body: { refreshToken: answer.json!.refreshToken } });
    expect(out.status).toBe(204);
    expect(expiresSession(out)).toBe(true);
    const after = await get(cookie);
    expect(after.status).toBe(401);
    expect(expiresSession(after)).toBe(true);
  });

  test('when the cookie logs out, then 204 dropping the cookie, and the refresh token of the same login is refused', async () => {
    const { cookie, answer } = await loggedIn();
    const out = await send(gw.url, 'POST', '/api/v1/logout/', { cookie });
    expect(out.status).toBe(204);
    expect(expiresSession(out)).toBe(true);
    expect((await get(cookie)).status).toBe(401);
    const refresh = await send(gw.url, 'POST', '/api/v1/login/refresh/', {
      body: { refreshToken: answer.json!.refreshToken },
    });
    expect(refresh.status).toBe(401);
    // A second logout by the dead cookie: 401, dropping it again.
    const again = await send(gw.url, 'POST', '/api/v1/logout/', { cookie });
    expect(again.status).toBe(401);
    expect(expiresSession(again)).toBe(true);
  });

  test('when a login arrives with an old cookie, then it gets a new id and the old session is dead (no fixation)', async () => {
    const { cookie: old } = await loggedIn();
    const again = await login(CREDENTIALS, { cookie: old });
    expect(again.status).toBe(200);
    const fresh = sessionCookie(again)!;
    expect(fresh).not.toBe(old);
    expect((await get(old)).status).toBe(401);
    expect((await get(fresh)).status).toBe(200);
  });

  test('when a userId login carries a cookie, then that session ends and no new cookie is set', async () => {
    const { cookie: old } = await loggedIn();
    const res = await login({ userId: EXEC1, password: 'exec1-password' }, { cookie: old });
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toBeUndefined();
    expect(expiresSession(res)).toBe(true);
    expect((await get(old)).status).toBe(401);
  });

  test('when the session is idle for SESSION_IDLE_S, then it has ended; each use before that keeps it alive', async () => {
    const { cookie } = await loggedIn();
    clock += (IDLE_S - 1) * 1000;
    expect((await get(cookie)).status).toBe(200);
    clock += (IDLE_S - 1) * 1000;
    expect((await get(cookie)).status).toBe(200);
    clock += IDLE_S * 1000;
    const res = await get(cookie);
    expect(res.status).toBe(401);
    expect(expiresSession(res)).toBe(true);
  });

  test('when SESSION_MAX_S has passed since the login, then the session has ended however often it was used', async () => {
    const { cookie } = await loggedIn();
    const start = clock;
    while (clock + (IDLE_S / 2) * 1000 < start + MAX_S * 1000) {
      clock += (IDLE_S / 2) * 1000;
      expect((await get(cookie)).status).toBe(200);
    }
    clock = start + MAX_S * 1000;
    expect((await get(cookie)).status).toBe(401);
  });
});

describe('APIO levels and configurations without cookies', () => {
  test('when a reseller admin logs in with username, then user_level 16 and access_type 1, scoped to its tenants', async () => {
    const gw = await startGateway({
      env: { ...SECRET, OCI_LOGIN: '22V5', OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP: 'true', OCI_SESSIONS: '1' },
    });
    try {
      const res = await send(gw.url, 'POST', '/api/v1/login/', {
        body: { username: 'reseller-admin', password: 'reseller-password' },
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        ids: { tenant_id: null, group_id: null, user_id: null },
        profile: { user_level: 16, access_type: 1, is_first_login: false },
      });
      const cookie = sessionCookie(res)!;
      expect((await send(gw.url, 'GET', ALERTING, { cookie })).status).toBe(200);
      expect((await send(gw.url, 'GET', ALERTING.replace('acme-ent', 'gamma-ent'), { cookie })).status).toBe(403);
    } finally {
      await gw.close();
    }
  });

  test('when only a JWKS URL is configured, then login is 501 without a cookie, and a cookie alone is just a missing token', async () => {
    const gw = await startGateway({ env: { AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' } });
    try {
      const res = await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS });
      expect(res.status).toBe(501);
      expect(res.setCookie).toEqual([]);
      const api = await send(gw.url, 'GET', ALERTING, { cookie: 'sessionid=abcdefghijklmnopqrstuvwxyz' });
      expect(api.status).toBe(401);
      expect(api.setCookie).toEqual([]);
      expect(api.headers['www-authenticate']).toMatch(/^Bearer/);
    } finally {
      await gw.close();
    }
  });

  test.each([
    ['PUBLIC_URL is https', { PUBLIC_URL: 'https://api.example.com' }, {}],
    ['TRUST_PROXY names the balancer and it says https', { TRUST_PROXY: 'loopback' }, { 'x-forwarded-proto': 'https' }],
  ])('when %s, then the cookie is Secure', async (_why, env, headers) => {
    const gw = await startGateway({ env: { ...SECRET, ...env } });
    try {
      const res = await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS, headers });
      expect(res.status).toBe(200);
      expect(res.setCookie.find((l) => l.startsWith('sessionid='))).toMatch(/; Secure/);
    } finally {
      await gw.close();
    }
  });

  test.each([
    ['HOST is not loopback, no TRUST_PROXY, no https PUBLIC_URL', { HOST: '0.0.0.0' }, true],
    ['HOST is loopback', { HOST: '127.0.0.1' }, false],
    ['TRUST_PROXY is set', { HOST: '0.0.0.0', TRUST_PROXY: '10.0.0.0/8' }, false],
    ['PUBLIC_URL is https', { HOST: '0.0.0.0', PUBLIC_URL: 'https://api.example.com' }, false],
  ])('when %s, then the start-up warning about clear-text cookies is logged or not', async (_why, env, warned) => {
    const gw = await startGateway({ env: { ...SECRET, ...env } });
    try {
      const warning = gw.logs.find((l) => l.obj.event === 'session-cookie-not-secure');
      expect(warning !== undefined).toBe(warned);
      if (warning) expect(warning.obj.level).toBe('warn');
    } finally {
      await gw.close();
    }
  });
});
