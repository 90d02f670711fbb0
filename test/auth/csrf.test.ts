import { startGateway, userBase, type Gateway } from '../helpers/gateway';
import { send, sessionCookie } from '../helpers/cookie-client';
import { withoutKeepAlives } from '../helpers/keep-alives';

const PROBLEM = 'https://oci-gateway.dev/problems/';
const SECRET = { AUTH_JWT_SECRET: 'csrf-suite-secret-0123456789-abcdefghij' };
const EXEC1 = 'exec1@acme.example.com';
const CREDENTIALS = { username: EXEC1, password: 'exec1-password' };
const ALERTING = `${userBase('acme-ent', 'acme-hq', EXEC1)}services/executive/alerting/`;
const PORTAL = 'https://portal.example.com';
const EVIL = 'https://evil.example.net';

/**
 * Cookie-authenticated writes, and logins and logouts that set or end a cookie, are refused
 * from origins other than the gateway's own or those listed in CORS_ORIGINS; nothing reaches
 * BroadWorks then. Reads and bearer-authenticated requests are not checked.
 */
describe.each([
  ['CORS_ORIGINS lists the portal', { CORS_ORIGINS: PORTAL }, true],
  ['CORS_ORIGINS is *', { CORS_ORIGINS: '*' }, false],
])('CSRF rule when %s', (_name, env, portalListed) => {
  let gw: Gateway;
  let own: string;
  beforeAll(async () => {
    gw = await startGateway({ env: { ...SECRET, ...env } });
    own = gw.url; // no PUBLIC_URL: the request's scheme and Host
  });
  afterAll(() => gw.close());

  const login = async () => sessionCookie(await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS }))!;
  const put = (cookie: string, headers: Record<string, string>) =>
    send(gw.url, 'PUT', ALERTING, { cookie, headers, body: { callPushRecallAfter: 5 } });
  const modifies = () => gw.sim.requestLog().filter((e) => e.commandTypes.some((t) => /Modify/.test(t))).length;

  const cases: [string, () => Record<string, string>, boolean][] = [
    ['no Origin and no Referer (a server-side portal)', () => ({}), true],
    ['Origin: the gateway itself', () => ({ origin: own }), true],
    ['Referer on the gateway itself, no Origin', () => ({ referer: `${own}/portal/page.html` }), true],
    ['Origin: the listed portal', () => ({ origin: PORTAL }), portalListed],
    ['Origin: another site', () => ({ origin: EVIL }), false],
    ['Referer on another site, no Origin', () => ({ referer: `${EVIL}/page` }), false],
    ['Origin: null', () => ({ origin: 'null' }), false],
    ['Origin: the gateway host on another port', () => ({ origin: own.replace(/:\d+$/, ':1') }), false],
  ];

  test.each(cases)('a cookie PUT with %s: allowed=%s', async (_what, headers, allowed) => {
    const cookie = await login();
    gw.sim.clearRequestLog();
    const res = await put(cookie, headers());
    if (allowed) {
      expect(res.status).toBe(200);
      expect(modifies()).toBe(1);
    } else {
      expect(res.status).toBe(403);
      expect(res.json!.type).toBe(PROBLEM + 'csrf-rejected');
      expect(withoutKeepAlives(gw.sim.requestLog())).toEqual([]);
    }
  });

  test.each(cases)('a username login with %s: allowed=%s', async (_what, headers, allowed) => {
    gw.sim.clearRequestLog();
    const res = await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS, headers: headers() });
    if (allowed) {
      expect(res.status).toBe(200);
      expect(sessionCookie(res)).toBeDefined();
    } else {
      expect(res.status).toBe(403);
      expect(res.json!.type).toBe(PROBLEM + 'csrf-rejected');
      expect(res.setCookie).toEqual([]);
      expect(withoutKeepAlives(gw.sim.requestLog())).toEqual([]);
    }
  });

  test.each(cases)('a logout by cookie with %s: allowed=%s', async (_what, headers, allowed) => {
    const cookie = await login();
    const res = await send(gw.url, 'POST', '/api/v1/logout/', { cookie, headers: headers() });
    expect(res.status).toBe(allowed ? 204 : 403);
    // A refused logout leaves the session as it was.
    expect((await send(gw.url, 'GET', ALERTING, { cookie })).status).toBe(allowed ? 401 : 200);
  });

  test('a cookie GET from another site is served (reads are not checked; SameSite=Lax keeps browsers from sending it cross-site)', async () => {
    const cookie = await login();
    expect((await send(gw.url, 'GET', ALERTING, { cookie, headers: { origin: EVIL } })).status).toBe(200);
  });

  test('a bearer PUT and a userId login from another site are not checked', async () => {
    const pair = await send(gw.url, 'POST', '/api/v1/login/', {
      body: { userId: EXEC1, password: 'exec1-password' },
      headers: { origin: EVIL },
    });
    expect(pair.status).toBe(200);
    const res = await send(gw.url, 'PUT', ALERTING, {
      token: pair.json!.accessToken as string,
      headers: { origin: EVIL },
      body: { callPushRecallAfter: 6 },
    });
    expect(res.status).toBe(200);
  });

  test('CORS allows credentials only for an explicitly listed origin', async () => {
    const res = await send(gw.url, 'OPTIONS', ALERTING, {
      headers: { origin: PORTAL, 'access-control-request-method': 'PUT' },
    });
    expect(res.status).toBe(204);
    if (portalListed) {
      expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
    } else {
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });
});

describe('CSRF rule with PUBLIC_URL', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { ...SECRET, PUBLIC_URL: 'https://api.example.com/' } });
  });
  afterAll(() => gw.close());

  test('the own origin is PUBLIC_URL: it is allowed, the Host the request came to is not', async () => {
    const cookie = sessionCookie(await send(gw.url, 'POST', '/api/v1/login/', { body: CREDENTIALS }))!;
    const put = (origin: string) =>
      send(gw.url, 'PUT', ALERTING, { cookie, headers: { origin }, body: { callPushRecallAfter: 4 } });
    expect((await put('https://api.example.com')).status).toBe(200);
    expect((await put(gw.url)).status).toBe(403);
  });
});
