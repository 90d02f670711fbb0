import type { Principal } from '../../src/http/principal';
import { startGateway, type Gateway } from '../helpers/gateway';
import { eventually } from '../helpers/eventually';
import { json, rawRequest } from '../helpers/http';

// The simulator's demo data: tenants acme-ent (groups acme-hq, acme-branch), beta-sp (group
// beta-main) and gamma-ent (group gamma-office); reseller res1 holds acme-ent and beta-sp.
const [T1, G1, G2, T2, G3, T3, G9] = [
  'acme-ent',
  'acme-hq',
  'acme-branch',
  'beta-sp',
  'beta-main',
  'gamma-ent',
  'gamma-office',
];
const U1 = 'exec1@acme.example.com';
const principals: Record<string, Principal> = {
  system: { sub: 'admin', level: 'system' },
  reseller: { sub: 'res-admin', level: 'reseller', tenantIds: [T1, T2] },
  'reseller-empty': { sub: 'res-none', level: 'reseller', tenantIds: [] },
  tenant: { sub: 't1-admin', level: 'tenant', tenantId: T1 },
  'group-G1': { sub: 'g1-admin', level: 'group', tenantId: T1, groupId: G1 },
  'group-G2': { sub: 'g2-admin', level: 'group', tenantId: T1, groupId: G2 },
  user: { sub: U1, level: 'user', tenantId: T1, groupId: G1, userId: U1 },
};

const svc = '/services/executive/alerting/';
const targets: Record<string, string> = {
  'own user (raw @)': `/api/v1/tenants/${T1}/groups/${G1}/users/${U1}${svc}`,
  'own user (%40)': `/api/v1/tenants/${T1}/groups/${G1}/users/${encodeURIComponent(U1)}${svc}`,
  'own user, no trailing path': `/api/v1/tenants/${T1}/groups/${G1}/users/${U1}`,
  'other user, same group': `/api/v1/tenants/${T1}/groups/${G1}/users/exec2@acme.example.com${svc}`,
  'user of G1 named under G2': `/api/v1/tenants/${T1}/groups/${G2}/users/${U1}${svc}`,
  'user of G2': `/api/v1/tenants/${T1}/groups/${G2}/users/asst2@acme.example.com${svc}`,
  'group G1 resource': `/api/v1/tenants/${T1}/groups/${G1}/services/hunt_groups/users/available/`,
  'tenant T1 resource': `/api/v1/tenants/${T1}/groups/`,
  'user in T2': `/api/v1/tenants/${T2}/groups/${G3}/users/exec3@beta.example.com${svc}`,
  'user in T3': `/api/v1/tenants/${T3}/groups/${G9}/users/other1@gamma.example.com${svc}`,
  'no tenant': '/api/v1/tenants/',
  'G1 as prefix of G10': `/api/v1/tenants/${T1}/groups/${G1}0/users/${U1}${svc}`,
};

/** Cells whose GET the real gateway serves with 200 (an Executive user where the caller may see it). */
const served = ['own user (raw @)', 'own user (%40)', 'other user, same group', 'user in T2'];

// The specification, cell by cell: which targets each principal reaches.
const allowed: Record<string, string[]> = {
  system: Object.keys(targets),
  reseller: Object.keys(targets).filter((t) => !['user in T3', 'no tenant'].includes(t)),
  'reseller-empty': [],
  tenant: Object.keys(targets).filter((t) => !['user in T2', 'user in T3', 'no tenant'].includes(t)),
  'group-G1': [
    'own user (raw @)',
    'own user (%40)',
    'own user, no trailing path',
    'other user, same group',
    'group G1 resource',
  ],
  'group-G2': ['user of G1 named under G2', 'user of G2'],
  user: ['own user (raw @)', 'own user (%40)', 'own user, no trailing path'],
};

const METHODS = ['GET', 'PUT', 'POST', 'DELETE'] as const;

describe('scope matrix: levels × targets × methods over HTTP, through the whole gateway', () => {
  let app: Gateway;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startGateway();
    for (const [name, p] of Object.entries(principals)) tokens[name] = await app.auth.issueToken(p);
  });
  afterAll(() => app.close());

  const cells = Object.keys(principals).flatMap((who) =>
    Object.keys(targets).flatMap((target) => METHODS.map((method) => [who, target, method] as const)),
  );

  test.each(cells)('when %s calls %s with %s', async (who, target, method) => {
    const res = await fetch(app.url + targets[target], {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
    });
    const body = await json(res);
    if (allowed[who].includes(target)) {
      // Past authentication and scope: the REST layer answers (data, or its own 4xx for the target).
      expect([401, 403]).not.toContain(res.status);
      expect(res.headers.get('www-authenticate')).toBeNull();
      if (method === 'GET' && served.includes(target)) expect(res.status).toBe(200);
      // The request went through as sent: its access-log line names its method.
      const id = res.headers.get('x-request-id');
      await eventually(
        () =>
          app.logs.some(
            (l) => l.obj.requestId === id && (l.obj.req as { method?: string } | undefined)?.method === method,
          ),
        'the access-log line of the request',
      );
    } else {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect(body.status).toBe(403);
    }
  });

  test.each(Object.keys(targets).flatMap((t) => METHODS.map((m) => [t, m] as const)))(
    'when nobody presents a token for %s with %s, then 401 with a Bearer challenge',
    async (target, method) => {
      const res = await fetch(app.url + targets[target], { method });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="oci-gateway"');
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  );

  test('when a path hides a traversal in dot segments, then 400 before any handler', async () => {
    for (const path of [
      `/api/v1/tenants/${T1}/groups/${G1}/users/${U1}/../../../../${T2}/groups/${G3}/users/x${svc}`,
      `/api/v1/tenants/${T1}/groups/${G1}/users/${U1}/%2e%2e/u2${svc}`,
    ]) {
      const res = await rawRequest(app.url, { path, headers: { authorization: `Bearer ${tokens.user}` } });
      expect(res.status).toBe(400);
    }
  });

  test('when a path segment is badly percent-encoded, then 400', async () => {
    const res = await rawRequest(app.url, {
      path: `/api/v1/tenants/${T1}/groups/${G1}/users/%E0%A4%A${svc}`,
      headers: { authorization: `Bearer ${tokens['group-G1']}` },
    });
    expect(res.status).toBe(400);
  });

  test('when a badly percent-encoded path comes without a token, then 401 whether or not a route has that shape', async () => {
    for (const rest of [svc, '/services/no-such-service/']) {
      const res = await rawRequest(app.url, { path: `/api/v1/tenants/${T1}/groups/${G1}/users/%E0%A4%A${rest}` });
      expect(res.status).toBe(401);
    }
  });

  test('when the path spells the keywords in another case, then the ids are still read (as express routes it)', async () => {
    const own = await fetch(`${app.url}/API/V1/Tenants/${T1}/Groups/${G1}/Users/${U1}${svc}`, {
      headers: { authorization: `Bearer ${tokens.tenant}` },
    });
    expect(own.status).toBe(200);
    const other = await fetch(`${app.url}/API/V1/Tenants/${T2}/Groups/${G3}/Users/exec3@beta.example.com${svc}`, {
      headers: { authorization: `Bearer ${tokens.tenant}` },
    });
    expect(other.status).toBe(403);
  });
});
