import { UserRouteTable } from '../../src/http/user-route-table';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

const handler = () => undefined;
const TEMPLATE = '/api/v1/tenants/:tenant/groups/:group/users/:user/services/executive/alerting{/}';

describe('UserRouteTable: the one-lookup path for the usual API request', () => {
  const table = new UserRouteTable();
  table.add('get', 'services/executive/alerting/', TEMPLATE, handler);
  const base = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/';

  it('When the path is written as documented, then it is found with the ids decoded, trailing slash or not', () => {
    for (const path of [base + 'services/executive/alerting/', base + 'services/executive/alerting']) {
      expect(table.match('GET', path)).toMatchObject({
        template: TEMPLATE,
        params: { tenant: 'acme-ent', group: 'acme-hq', user: 'exec1@acme.example.com' },
      });
    }
  });

  it.each([
    ['another method', 'PUT', base + 'services/executive/alerting/'],
    ['HEAD (express serves it with the GET route)', 'HEAD', base + 'services/executive/alerting/'],
    ['another case', 'GET', base + 'services/Executive/alerting/'],
    ['a doubled trailing slash', 'GET', base + 'services/executive/alerting//'],
    ['bad %-encoding in an id', 'GET', '/api/v1/tenants/acme%zz/groups/acme-hq/users/u/services/executive/alerting/'],
    ['an empty id', 'GET', '/api/v1/tenants//groups/acme-hq/users/u/services/executive/alerting/'],
    ['an upper-case prefix', 'GET', base.toUpperCase() + 'services/executive/alerting/'],
    ['an unknown rest', 'GET', base + 'services/executive/alerting/extra/'],
  ])('When the request has %s, then the table leaves it to express', (_what, method, path) => {
    expect(table.match(method, path)).toBeUndefined();
  });

  it('When a route has a parameter in its rest, then it is not taken (express serves it)', () => {
    expect(table.add('get', 'services/executive/criteria/{name}/', 'x', handler)).toBe(false);
  });
});

describe('routes served by the table and by express answer alike', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ metrics: true });
  });
  afterAll(() => gw.close());
  const ALERTING = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/alerting/';

  it('When the same resource is asked as documented (table) and in another case (express), then the answers are equal and metrics name one route', async () => {
    const viaTable = await call(gw, 'GET', ALERTING);
    const viaExpress = await call(gw, 'GET', ALERTING.replace('services/executive/', 'SERVICES/Executive/'));
    expect(viaTable.status).toBe(200);
    expect(viaExpress.status).toBe(200);
    expect(viaExpress.json).toEqual(viaTable.json);
    expect(viaExpress.headers.get('etag')).toBe(viaTable.headers.get('etag'));
    const metrics = await (await fetch(gw.url + '/metrics')).text();
    const line = metrics
      .split('\n')
      .find((l) => l.startsWith('http_requests_total{') && l.includes('services/executive/alerting'));
    expect(line).toContain(`route="${TEMPLATE}"`);
    expect(Number(line!.split(' ').pop())).toBeGreaterThanOrEqual(2);
  });

  it('When a write goes through the table with a bad body, then it is refused like any other route (400, nothing sent)', async () => {
    gw.sim.clearRequestLog();
    const res = await call(gw, 'PUT', ALERTING, { body: { mode: 'Sideways' } });
    expect(res.status).toBe(400);
    expect(gw.sim.requestLog().some((e) => e.commandTypes.some((t) => t.includes('Modify')))).toBe(false);
  });

  // app.ts: the documented prefix takes one composed lane; the same path with the prefix in another
  // case walks the router layers (open routes, edge, login routes, '/api' guard, API routes).
  it('When the API prefix is written in another case (router layers) or as documented (lane), then both are authenticated and answered alike', async () => {
    const upper = ALERTING.replace('/api/v1/tenants/', '/API/V1/TENANTS/');
    const [lane, layers] = [await call(gw, 'GET', ALERTING), await call(gw, 'GET', upper)];
    expect([lane.status, layers.status]).toEqual([200, 200]);
    expect(layers.json).toEqual(lane.json);
    const names = (h: Headers) => [...h.keys()].filter((k) => k !== 'date').sort();
    expect(names(layers.headers)).toEqual(names(lane.headers));
    expect(names(lane.headers)).toEqual(expect.arrayContaining(['content-security-policy', 'x-request-id', 'etag']));
    for (const path of [ALERTING, upper]) {
      const anonymous = await call(gw, 'GET', path, { token: null });
      expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([
        401,
        'Bearer realm="oci-gateway"',
      ]);
    }
  });
});
