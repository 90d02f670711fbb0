import { browserTestsEnabled } from '../ops/helpers/browser';
import type { Listening } from '../helpers/listen';
import { userBase, type Gateway } from '../helpers/gateway';
import { startPortalScene, type PortalScene } from './helpers/portals';

const EXEC1 = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';

interface Seen {
  status: number;
  etag: string | null;
  replayed: string | null;
  body: unknown;
}

(browserTestsEnabled() ? describe : describe.skip)('a portal on another origin, in Chromium', () => {
  let scene: PortalScene | undefined;
  let page: Listening;
  let other: Listening;
  let gw: Gateway;
  let browser: PortalScene['browser'];

  beforeAll(async () => {
    // Only the first portal's origin is allowed.
    scene = await startPortalScene(([allowed]) => ({ CORS_ORIGINS: allowed.url, LOG_LEVEL: 'info' }));
    ({ gw, browser } = scene);
    [page, other] = scene.portals;
  }, 60_000);
  afterAll(async () => {
    await scene?.close();
  });

  test('When the page reads an ETag, PUTs with If-Match and POSTs with Idempotency-Key, then every answer and header is readable; a stale ETag gets 412', async () => {
    const tab = await browser.context.newPage();
    const errors: string[] = [];
    tab.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await tab.goto(page.url);
    const api = gw.url + EXEC1;
    const token = await gw.token();

    // Runs in the page: plain fetch() across origins, as a portal's script would.
    const results = await tab.evaluate(
      async ({ api, token }) => {
        const seen = async (res: Response) => ({
          status: res.status,
          etag: res.headers.get('ETag'),
          replayed: res.headers.get('Idempotent-Replayed'),
          body: await res.json(),
        });
        const auth = { Authorization: `Bearer ${token}` };
        const json = { ...auth, 'Content-Type': 'application/json' };
        const read = await seen(await fetch(`${api}screening/`, { headers: auth }));
        const put = await seen(
          await fetch(`${api}screening/`, {
            method: 'PUT',
            headers: { ...json, 'If-Match': read.etag ?? '' },
            body: JSON.stringify({ enabled: false }),
          }),
        );
        const stale = await seen(
          await fetch(`${api}screening/`, {
            method: 'PUT',
            headers: { ...json, 'If-Match': read.etag ?? '' },
            body: JSON.stringify({ enabled: true }),
          }),
        );
        const create = () =>
          fetch(`${api}criteria/`, {
            method: 'POST',
            headers: { ...json, 'Idempotency-Key': 'portal-create-1', 'X-Request-Id': 'portal-req-1' },
            body: JSON.stringify({ name: 'From the portal', filter: true }),
          });
        const first = await seen(await create());
        const again = await seen(await create());
        return { read, put, stale, first, again };
      },
      { api, token },
    );
    const r = results as Record<'read' | 'put' | 'stale' | 'first' | 'again', Seen>;
    expect(r.read.status).toBe(200);
    expect(r.read.etag).toMatch(/^"[\w-]+"$/);
    expect(r.put.status).toBe(200);
    expect(r.put.etag).not.toBe(r.read.etag);
    expect(r.stale.status).toBe(412);
    expect(r.stale.body).toMatchObject({ type: 'https://oci-gateway.dev/problems/precondition-failed' });
    expect(r.first).toMatchObject({ status: 200, replayed: null });
    expect(r.again).toMatchObject({ status: 200, replayed: 'true', body: r.first.body });
    // Chromium logs every 4xx (the 412, the page's favicon); what must be absent is a CORS refusal.
    expect(errors.filter((e) => /CORS|Access-Control/i.test(e))).toEqual([]);

    // The stale PUT was refused before anything was written; the POST ran once.
    const sent = gw.sim.requestLog().flatMap((e) => e.commandTypes);
    expect(sent.filter((t) => t === 'UserExecutiveModifyScreeningAlertingRequest')).toHaveLength(1);
    expect(sent.filter((t) => t === 'UserExecutiveAddFilteringSelectiveCriteriaRequest')).toHaveLength(1);
    // Chromium asked first (If-Match and Idempotency-Key are not CORS-safelisted): real preflights.
    const preflights = gw.logs.filter((l) => (l.obj.req as { method?: string } | undefined)?.method === 'OPTIONS');
    expect(preflights.length).toBeGreaterThanOrEqual(2);
    expect(preflights.every((l) => (l.obj.res as { statusCode: number }).statusCode === 204)).toBe(true);
    await tab.close();
  }, 60_000);

  test('When a page on an origin not on the list calls the gateway, then the browser gets nothing', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(other.url);
    const token = await gw.token();
    const outcome = await tab.evaluate(
      async ({ url, token }) => {
        try {
          await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
          return 'read';
        } catch (err) {
          return (err as Error).name;
        }
      },
      { url: gw.url + EXEC1 + 'screening/', token },
    );
    expect(outcome).toBe('TypeError');
    // Refused at the preflight (Authorization is not CORS-safelisted), before any route ran.
    const refused = gw.logs.filter(
      (l) =>
        (l.obj.req as { method?: string } | undefined)?.method === 'OPTIONS' &&
        (l.obj.res as { statusCode: number }).statusCode === 403,
    );
    expect(refused).toHaveLength(1);
    await tab.close();
  }, 60_000);
});
