import { browserTestsEnabled } from '../ops/helpers/browser';
import type { Listening } from '../helpers/listen';
import { userBase, type Gateway } from '../helpers/gateway';
import { startPortalScene, type PortalScene } from './helpers/portals';

const EXEC1 = 'exec1@acme.example.com';
const ALERTING = `${userBase('acme-ent', 'acme-hq', EXEC1)}services/executive/alerting/`;

interface Seen {
  status: number;
  etag: string | null;
  body: Record<string, unknown> | null;
}

/**
 * A portal written against APIO, in Chromium: on the gateway's own site (127.0.0.1, another port)
 * it logs in with credentials: 'include', keeps the HttpOnly cookie it cannot read, reads the ETag
 * and PUTs with If-Match. A page on another site (localhost against 127.0.0.1) does not get the
 * cookie sent, even with CORS allowing its origin with credentials: SameSite=Lax.
 */
(browserTestsEnabled() ? describe : describe.skip)('a portal using the session cookie, in Chromium', () => {
  let scene: PortalScene | undefined;
  let sameSite: Listening;
  let crossOrigin: string;
  let gw: Gateway;
  let browser: PortalScene['browser'];

  beforeAll(async () => {
    // The second portal is on another site: localhost against the gateway's 127.0.0.1.
    const crossSiteOf = (crossSite: Listening) => crossSite.url.replace('127.0.0.1', 'localhost');
    scene = await startPortalScene(([same, cross]) => ({
      AUTH_JWT_SECRET: 'cookie-browser-suite-secret-0123456789ab',
      CORS_ORIGINS: `${same.url},${crossSiteOf(cross)}`,
      LOG_LEVEL: 'info',
    }));
    ({ gw, browser } = scene);
    sameSite = scene.portals[0];
    crossOrigin = crossSiteOf(scene.portals[1]);
  }, 60_000);
  afterAll(async () => {
    await scene?.close();
  });

  test('a same-site page logs in with username, PUTs with If-Match by the cookie alone and logs out; a cross-site page does not get the cookie sent', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(sameSite.url);
    const api = gw.url + ALERTING;
    const results = await tab.evaluate(
      async ({ base, api, username }) => {
        const seen = async (res: Response) => ({
          status: res.status,
          etag: res.headers.get('ETag'),
          body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>),
        });
        const json = { 'Content-Type': 'application/json' };
        const login = await seen(
          await fetch(`${base}/api/v1/login/`, {
            method: 'POST',
            credentials: 'include',
            headers: json,
            body: JSON.stringify({ username, password: 'exec1-password' }),
          }),
        );
        const read = await seen(await fetch(api, { credentials: 'include' }));
        const next = (Number(read.body?.callPushRecallAfter ?? 0) % 20) + 1;
        // The same PUT twice: the first applies, the second's ETag is then stale.
        const putNextWithReadEtag = async () =>
          seen(
            await fetch(api, {
              method: 'PUT',
              credentials: 'include',
              headers: { ...json, 'If-Match': read.etag ?? '' },
              body: JSON.stringify({ callPushRecallAfter: next }),
            }),
          );
        const put = await putNextWithReadEtag();
        const stale = await putNextWithReadEtag();
        return {
          login,
          read,
          put,
          stale,
          next,
          scriptSees: (globalThis as unknown as { document: { cookie: string } }).document.cookie,
        };
      },
      { base: gw.url, api, username: EXEC1 },
    );
    const r = results as Record<'login' | 'read' | 'put' | 'stale', Seen> & { next: number; scriptSees: string };
    expect(r.login.status).toBe(200);
    expect(r.login.body).toMatchObject({ profile: { user_level: 0 }, ids: { user_id: EXEC1 } });
    expect(r.read.status).toBe(200);
    expect(r.read.etag).toMatch(/^"[\w-]+"$/);
    expect(r.put.status).toBe(200);
    expect(r.put.etag).not.toBe(r.read.etag);
    expect(r.put.body).toMatchObject({ callPushRecallAfter: r.next });
    expect(r.stale.status).toBe(412);
    // HttpOnly: the page's scripts never see the session id.
    expect(r.scriptSees).not.toContain('sessionid');
    const jar = await browser.context.cookies(gw.url);
    expect(jar.find((c) => c.name === 'sessionid')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    // Another site, allowed by CORS with credentials: the browser still keeps the cookie to itself.
    const cross = await browser.context.newPage();
    await cross.goto(crossOrigin);
    const crossRead = await cross.evaluate(async (api) => {
      const res = await fetch(api, { credentials: 'include' });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }, api);
    expect(crossRead.status).toBe(401);
    // No cookie arrived at all: the answer is the plain "token required", not a dead-session one.
    expect(crossRead.body.detail).toMatch(/Bearer token is required/);
    await cross.close();

    // Back on the same site: the cookie still works, then logout ends it.
    const out = await tab.evaluate(
      async ({ base, api }) => {
        const logout = await fetch(`${base}/api/v1/logout/`, { method: 'POST', credentials: 'include' });
        const after = await fetch(api, { credentials: 'include' });
        return { logout: logout.status, after: after.status };
      },
      { base: gw.url, api },
    );
    expect(out).toEqual({ logout: 204, after: 401 });
    expect((await browser.context.cookies(gw.url)).find((c) => c.name === 'sessionid')).toBeUndefined();
    await tab.close();
  }, 60_000);
});
