import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { executiveMappings } from '../../mappings';
import { loadConfig } from '../../src/config';
import { createAuth, type Auth } from '../../src/http/auth';
import { createEdge, createRateLimiter } from '../../src/http/edge';
import { createApiRouter } from '../../src/http/api-router';
import { createProblemHandler, notFoundHandler } from '../../src/http/problem';
import { startBackend, type Backend } from './support/backend';
import { json } from './support/http';
import { authConfig } from './support/keys';

const EXEC1 = 'exec1@acme.example.com';
const alerting = (tenant: string, group: string, user: string) =>
  `/api/v1/tenants/${tenant}/groups/${group}/users/${encodeURIComponent(user)}/services/executive/alerting/`;

// The wiring the lead puts in src/app.ts: edge → login → /api: authenticate → rate limit → scope → REST.
describe('scope check then membership check, through the real REST router and simulator', () => {
  let backend: Backend;
  let server: Server;
  let url: string;
  let auth: Auth;

  beforeAll(async () => {
    backend = await startBackend();
    const config = { ...loadConfig({}), auth: authConfig() };
    auth = createAuth({ config: config.auth, verifier: backend.oci, executor: backend.oci });
    const app = express();
    app.use(...createEdge(config));
    app.use(auth.loginRouter);
    app.use('/api', auth.authenticate, createRateLimiter(config.rateLimitRps), auth.requireScope);
    app.use(
      createApiRouter({
        executor: backend.oci,
        mappings: executiveMappings,
        membershipCacheMs: 0,
      }),
    );
    app.use(notFoundHandler);
    app.use(createProblemHandler());
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await backend.close();
  });

  const get = async (path: string, token: string) =>
    fetch(url + path, { headers: { authorization: `Bearer ${token}` } });

  test('when the admin of group acme-branch names a user of acme-hq under acme-hq, then 403 from the token alone', async () => {
    const token = await auth.issueToken({
      sub: 'branch-admin',
      level: 'group',
      tenantId: 'acme-ent',
      groupId: 'acme-branch',
    });
    backend.sim.clearRequestLog();
    const res = await get(alerting('acme-ent', 'acme-hq', EXEC1), token);
    expect(res.status).toBe(403);
    expect(backend.sim.requestLog()).toHaveLength(0); // decided without OCI traffic
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
    const { accessToken } = await json(login);
    const own = await get(alerting('acme-ent', 'acme-hq', EXEC1), accessToken);
    expect(own.status).toBe(200);
    expect(await json(own)).toHaveProperty('mode');
    expect((await get(alerting('acme-ent', 'acme-hq', 'exec2@acme.example.com'), accessToken)).status).toBe(403);
  });
});
