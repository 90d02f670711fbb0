import type { Auth } from '../../src/http/auth';
import { startGateway, type Gateway } from '../helpers/gateway';
import { json, type TokenPair } from '../helpers/http';

const EXEC1 = 'exec1@acme.example.com';
const alerting = (tenant: string, group: string, user: string) =>
  `/api/v1/tenants/${tenant}/groups/${group}/users/${encodeURIComponent(user)}/services/executive/alerting/`;

describe('scope check then membership check, through the whole gateway and the simulator', () => {
  let gw: Gateway;
  let url: string;
  let auth: Auth;

  beforeAll(async () => {
    gw = await startGateway({ env: { MEMBERSHIP_CACHE_MS: '0' } });
    ({ url, auth } = gw);
  });
  afterAll(() => gw.close());

  const get = async (path: string, token: string) =>
    fetch(url + path, { headers: { authorization: `Bearer ${token}` } });

  test('when the admin of group acme-branch names a user of acme-hq under acme-hq, then 403 from the token alone', async () => {
    const token = await auth.issueToken({
      sub: 'branch-admin',
      level: 'group',
      tenantId: 'acme-ent',
      groupId: 'acme-branch',
    });
    gw.sim.clearRequestLog();
    const res = await get(alerting('acme-ent', 'acme-hq', EXEC1), token);
    expect(res.status).toBe(403);
    expect(gw.sim.requestLog()).toHaveLength(0); // decided without OCI traffic
  });

  test('when the admin of group acme-branch names a user of acme-hq under its own group, then 404 from the membership check', async () => {
    const token = await auth.issueToken({
      sub: 'branch-admin',
      level: 'group',
      tenantId: 'acme-ent',
      groupId: 'acme-branch',
    });
    const res = await get(alerting('acme-ent', 'acme-branch', EXEC1), token);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('when the admin of acme-hq reads its own user, then 200', async () => {
    const token = await auth.issueToken({ sub: 'hq-admin', level: 'group', tenantId: 'acme-ent', groupId: 'acme-hq' });
    expect((await get(alerting('acme-ent', 'acme-hq', EXEC1), token)).status).toBe(200);
  });

  test('when an end user logs in with its BroadWorks password, then it reads its own alerting and not a colleague’s', async () => {
    const login = await fetch(`${url}/api/v1/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: EXEC1, password: 'exec1-password' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = await json<TokenPair>(login);
    const own = await get(alerting('acme-ent', 'acme-hq', EXEC1), accessToken);
    expect(own.status).toBe(200);
    expect(await json(own)).toHaveProperty('mode');
    expect((await get(alerting('acme-ent', 'acme-hq', 'exec2@acme.example.com'), accessToken)).status).toBe(403);
  });
});
