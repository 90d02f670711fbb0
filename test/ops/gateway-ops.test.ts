import { serviceMappings } from '../../mappings';
import { compileMappings } from '../../src/mapping/compile';
import { startGateway, type Gateway } from '../helpers/gateway';

const ALERTING = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1@acme.example.com/services/executive/alerting/';

describe('operations endpoints of the real gateway', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ metrics: true });
  });
  afterAll(() => gw.close());

  it.each(['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs/'])(
    'When %s is fetched without a token, then it answers 200',
    async (path) => {
      const res = await fetch(`${gw.url}${path}`);
      expect(res.status).toBe(200);
    },
  );

  it('When an API request was served, then /metrics counts it under its route template and the pool is visible', async () => {
    const res = await fetch(`${gw.url}${ALERTING}`, {
      headers: { authorization: `Bearer ${await gw.token()}`, 'x-request-id': 'ops-gw-1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('ops-gw-1');
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    const lines = text.split('\n').filter((l) => l.startsWith('http_requests_total{') && l.includes('alerting'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(
        /route="\/api\/v1\/tenants\/:tenant\/groups\/:group\/users\/:user\/services\/executive\/alerting(\/|\{\/\})"/,
      );
      expect(line).not.toContain('exec1@acme.example.com');
    }
    expect(text).toMatch(
      new RegExp(`^oci_sessions\\{backend="${gw.sim.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\} [1-9]`, 'm'),
    );
  });

  it('When /openapi.json is fetched, then it lists every registered operation and the 2 login routes', async () => {
    const doc = (await (await fetch(`${gw.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operationsUnder = (prefix: string) =>
      Object.entries(doc.paths)
        .filter(([path]) => path.startsWith(prefix))
        .flatMap(([, item]) => Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k)));
    expect(operationsUnder('/api/v1/tenants/')).toHaveLength(compileMappings(serviceMappings).length);
    expect(operationsUnder('/api/v1/login/')).toEqual(['post', 'post']);
  });
});
