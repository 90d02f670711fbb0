import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

const TEMPLATE = '/api/v1/tenants/:tenant/groups/:group/users/:user/services/executive/alerting{/}';

describe('a route written as documented and in another spelling (express matches paths case-insensitively)', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ metrics: true });
  });
  afterAll(() => gw.close());
  const ALERTING = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/alerting/';

  it('When the same resource is asked as documented and in another case, then the answers are equal and metrics name one route', async () => {
    const documented = await call(gw, 'GET', ALERTING);
    const otherCase = await call(gw, 'GET', ALERTING.replace('services/executive/', 'SERVICES/Executive/'));
    expect(documented.status).toBe(200);
    expect(otherCase.status).toBe(200);
    expect(otherCase.json).toEqual(documented.json);
    expect(otherCase.headers.get('etag')).toBe(documented.headers.get('etag'));
    const metrics = await (await fetch(gw.url + '/metrics')).text();
    const line = metrics
      .split('\n')
      .find((l) => l.startsWith('http_requests_total{') && l.includes('services/executive/alerting'));
    expect(line).toContain(`route="${TEMPLATE}"`);
    expect(Number(line!.split(' ').pop())).toBeGreaterThanOrEqual(2);
  });

  it('When a write has a bad body, then it is refused like any other route (400, nothing sent)', async () => {
    gw.sim.clearRequestLog();
    const res = await call(gw, 'PUT', ALERTING, { body: { mode: 'Sideways' } });
    expect(res.status).toBe(400);
    expect(gw.sim.requestLog().some((e) => e.commandTypes.some((t) => t.includes('Modify')))).toBe(false);
  });

  it('When the API prefix is written in another case or as documented, then both are authenticated and answered alike', async () => {
    const upper = ALERTING.replace('/api/v1/tenants/', '/API/V1/TENANTS/');
    const [documented, otherCase] = [await call(gw, 'GET', ALERTING), await call(gw, 'GET', upper)];
    expect([documented.status, otherCase.status]).toEqual([200, 200]);
    expect(otherCase.json).toEqual(documented.json);
    const names = (h: Headers) => [...h.keys()].filter((k) => k !== 'date').sort();
    expect(names(otherCase.headers)).toEqual(names(documented.headers));
    expect(names(documented.headers)).toEqual(
      expect.arrayContaining(['content-security-policy', 'x-request-id', 'etag']),
    );
    for (const path of [ALERTING, upper]) {
      const anonymous = await call(gw, 'GET', path, { token: null });
      expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([
        401,
        'Bearer realm="oci-gateway"',
      ]);
    }
  });
});
