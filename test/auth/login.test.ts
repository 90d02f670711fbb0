import { decodeJwt } from 'jose';
import { anyOf } from '../helpers/matchers';
import { call, startGateway, type Gateway } from '../helpers/gateway';
import { json, pointers, type Problem, type TokenPair, type ValidationProblem } from '../helpers/http';

const EXEC1 = 'exec1@acme.example.com';
const EXEC1_ALERTING = `/api/v1/tenants/acme-ent/groups/acme-hq/users/${EXEC1}/services/executive/alerting/`;
const SECRET = { AUTH_JWT_SECRET: 'test-secret-for-the-auth-suite-0123456789' };

function post(app: Gateway, path: string, body: unknown): Promise<Response> {
  return fetch(app.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /api/v1/login/ against the simulator through the real OCI client', () => {
  let app: Gateway;
  let clock = Date.now();

  beforeAll(async () => {
    app = await startGateway({
      env: { ...SECRET, AUTH_ACCESS_TTL_S: '300', AUTH_REFRESH_TTL_S: '3600', OCI_SESSIONS: '1' },
      now: () => clock,
    });
  });
  afterAll(() => app.close());

  // APIO's ids and user_level (0 end user, 8 group, 12 tenant, 16 system) beside the tokens.
  test.each([
    ['a System admin', 'admin', 'admin-password', { level: 'system' }, [null, null, null, 16]],
    [
      'a Service Provider admin',
      'acme-admin',
      'acme-password',
      { level: 'tenant', tenantId: 'acme-ent' },
      ['acme-ent', null, null, 12],
    ],
    [
      'a Group admin',
      'hq-admin',
      'hq-password',
      { level: 'group', tenantId: 'acme-ent', groupId: 'acme-hq' },
      ['acme-ent', 'acme-hq', null, 8],
    ],
    [
      'an end user',
      EXEC1,
      'exec1-password',
      { level: 'user', tenantId: 'acme-ent', groupId: 'acme-hq', userId: EXEC1 },
      ['acme-ent', 'acme-hq', EXEC1, 0],
    ],
  ] as const)(
    'when %s logs in with the right password, then a token pair for that level, with its APIO ids and level',
    async (_who, userId, password, claims, [tenant_id, group_id, user_id, user_level]) => {
      const res = await post(app, '/api/v1/login/', { userId, password });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await json<TokenPair>(res);
      expect(body).toEqual({
        accessToken: anyOf(String),
        refreshToken: anyOf(String),
        tokenType: 'Bearer',
        expiresIn: 300,
        ids: { tenant_id, group_id, user_id },
        profile: { user_level, is_first_login: false },
      });
      // No username in the body: no cookie session.
      expect(res.headers.get('set-cookie')).toBeNull();
      const access = decodeJwt(body.accessToken);
      expect(access).toMatchObject({ sub: userId, typ: 'access', ...claims });
      expect(decodeJwt(body.refreshToken)).toMatchObject({ sub: userId, typ: 'refresh', ...claims });
      expect(access.exp! - access.iat!).toBe(300);
    },
  );

  test('when a Reseller admin logs in over 22V5, then its tenants are looked up by reseller id and carried in tenantIds', async () => {
    const app22 = await startGateway({
      env: { ...SECRET, OCI_LOGIN: '22V5', OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP: 'true', OCI_SESSIONS: '1' },
    });
    try {
      app22.sim.clearRequestLog();
      const res = await post(app22, '/api/v1/login', { userId: 'reseller-admin', password: 'reseller-password' });
      expect(res.status).toBe(200);
      const { accessToken } = await json<TokenPair>(res);
      const access = decodeJwt(accessToken);
      expect(access.level).toBe('reseller');
      expect([...(access.tenantIds as string[])].sort()).toEqual(['acme-ent', 'beta-sp']);
      const lookup = app22.sim.requestLog().find((e) => e.commandTypes.includes('ServiceProviderGetListRequest'));
      expect(lookup?.xml).toMatch(/<searchCriteriaResellerId><mode>Equal To<\/mode><value>res1<\/value>/);
      const inScope = await fetch(app22.url + EXEC1_ALERTING, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(inScope.status).toBe(200);
      const outOfScope = await fetch(app22.url + EXEC1_ALERTING.replace('acme-ent', 'gamma-ent'), {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(outOfScope.status).toBe(403);
      expect(inScope.status).toBe(200);
    } finally {
      await app22.close();
    }
  });

  test('when a Reseller admin logs in over 14sp4 (shown as Provisioning), then the admin lookup makes it a reseller, never system', async () => {
    const res = await post(app, '/api/v1/login', { userId: 'reseller-admin', password: 'reseller-password' });
    expect(res.status).toBe(200);
    const claims = decodeJwt((await json<TokenPair>(res)).accessToken);
    expect(claims.level).toBe('reseller');
    expect([...(claims.tenantIds as string[])].sort()).toEqual(['acme-ent', 'beta-sp']);
  });

  test('when the end user uses the token from the login, then it reaches its own resource and nothing else', async () => {
    const { accessToken } = await json<TokenPair>(
      await post(app, '/api/v1/login/', { userId: EXEC1, password: 'exec1-password' }),
    );
    const own = await fetch(app.url + EXEC1_ALERTING, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(own.status).toBe(200);
    const other = await fetch(app.url + EXEC1_ALERTING.replace(EXEC1, 'exec2@acme.example.com'), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(other.status).toBe(403);
  });

  test('when the password is wrong, then 401 problem and no token', async () => {
    const res = await post(app, '/api/v1/login/', { userId: 'acme-admin', password: 'not-the-password' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await json(res);
    expect(body).not.toHaveProperty('accessToken');
    expect(JSON.stringify(body)).not.toContain('not-the-password');
  });

  test('when the user does not exist, then 401 like a wrong password', async () => {
    const res = await post(app, '/api/v1/login/', { userId: 'nobody@acme.example.com', password: 'whatever' });
    expect(res.status).toBe(401);
  });

  test.each([
    ['no body', undefined, ['userId', 'password']],
    ['an empty object', {}, ['userId', 'password']],
    ['a number as userId', { userId: 7, password: 'x' }, ['userId']],
    ['an empty password', { userId: 'admin', password: '' }, ['password']],
    ['a password over 60 characters', { userId: 'admin', password: 'x'.repeat(61) }, ['password']],
  ])('when the body has %s, then 400 listing the fields', async (_name, body, fields) => {
    const res = await fetch(`${app.url}/api/v1/login/`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const problem = await json<ValidationProblem>(res);
    expect(pointers(problem)).toEqual(fields.map((f) => `/${f}`).sort());
  });

  // Raw JSON text, so escapes such as a lone surrogate reach the gateway exactly as written.
  test.each([
    ['a userId ending in U+0001', `{"userId":"${EXEC1}\\u0001","password":"exec1-password"}`, ['userId']],
    ['a userId with a NUL', `{"userId":"exec1\\u0000@acme.example.com","password":"exec1-password"}`, ['userId']],
    [
      'a userId with a lone surrogate',
      `{"userId":"exec1\\ud800@acme.example.com","password":"exec1-password"}`,
      ['userId'],
    ],
    ['a userId with a leading space', `{"userId":" ${EXEC1}","password":"exec1-password"}`, ['userId']],
    ['a userId with a trailing space', `{"userId":"${EXEC1} ","password":"exec1-password"}`, ['userId']],
    ['a userId with a doubled space', `{"userId":"exec1  x@acme.example.com","password":"exec1-password"}`, ['userId']],
    ['a userId with a tab', `{"userId":"exec1\\t@acme.example.com","password":"exec1-password"}`, ['userId']],
    ['a userId of 162 characters', JSON.stringify({ userId: 'u'.repeat(162), password: 'exec1-password' }), ['userId']],
    ['a password with U+0001', `{"userId":"${EXEC1}","password":"exec1-password\\u0001"}`, ['password']],
    ['a password with a lone surrogate', `{"userId":"${EXEC1}","password":"\\udc00exec1-password"}`, ['password']],
    ['a password with U+FFFE', `{"userId":"${EXEC1}","password":"exec1-password\\ufffe"}`, ['password']],
    ['both fields bad', `{"userId":"\\u0001","password":"\\u0002"}`, ['userId', 'password']],
  ])(
    'when the login body has %s, then 400 listing the fields and nothing is sent to BroadWorks',
    async (_name, raw, fields) => {
      app.sim.clearRequestLog();
      const res = await post(app, '/api/v1/login/', raw);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await json<ValidationProblem>(res);
      expect(problem.type).toBe('https://oci-gateway.dev/problems/validation-error');
      expect(pointers(problem)).toEqual(fields.map((f) => `/${f}`).sort());
      expect(app.sim.requestLog()).toEqual([]);
    },
  );

  test('when the password has leading and trailing spaces (a password is no xs:token), then it is sent to BroadWorks and refused there', async () => {
    app.sim.clearRequestLog();
    const res = await post(app, '/api/v1/login/', { userId: 'hq-admin', password: ' hq-password ' });
    expect(res.status).toBe(401);
    const sent = app.sim.requestLog().flatMap((e) => e.commandTypes);
    expect(sent).toContain('LoginRequest14sp4');
  });

  describe('refresh', () => {
    async function login(): Promise<TokenPair> {
      return json<TokenPair>(await post(app, '/api/v1/login/', { userId: 'hq-admin', password: 'hq-password' }));
    }

    test('when a refresh token is posted, then a new pair for the same principal, never past the first expiry', async () => {
      const first = await login();
      clock += 120_000;
      const res = await post(app, '/api/v1/login/refresh/', { refreshToken: first.refreshToken });
      expect(res.status).toBe(200);
      const second = await json<TokenPair>(res);
      expect(second.accessToken).not.toBe(first.accessToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      const [a, r1, r2] = [
        decodeJwt(second.accessToken),
        decodeJwt(first.refreshToken),
        decodeJwt(second.refreshToken),
      ];
      expect(a).toMatchObject({
        sub: 'hq-admin',
        level: 'group',
        tenantId: 'acme-ent',
        groupId: 'acme-hq',
        typ: 'access',
      });
      expect(r2.exp).toBe(r1.exp);
      const use = await fetch(app.url + EXEC1_ALERTING, { headers: { authorization: `Bearer ${second.accessToken}` } });
      expect(use.status).toBe(200);
    });

    test('when the path has no trailing slash, then it works too', async () => {
      const res = await post(app, '/api/v1/login/refresh', { refreshToken: (await login()).refreshToken });
      expect(res.status).toBe(200);
    });

    test('when a refresh token is used as an access token, then 401', async () => {
      const { refreshToken } = await login();
      const res = await fetch(app.url + EXEC1_ALERTING, { headers: { authorization: `Bearer ${refreshToken}` } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    test('when an access token is posted as a refresh token, then 401', async () => {
      const { accessToken } = await login();
      const res = await post(app, '/api/v1/login/refresh/', { refreshToken: accessToken });
      expect(res.status).toBe(401);
    });

    test('when the refresh token has expired, then 401', async () => {
      const { refreshToken } = await login();
      clock += (3600 + 61) * 1000;
      const res = await post(app, '/api/v1/login/refresh/', { refreshToken });
      expect(res.status).toBe(401);
    });

    test('when the refresh body is missing its token, then 400', async () => {
      const res = await post(app, '/api/v1/login/refresh/', { token: 'x' });
      expect(res.status).toBe(400);
      expect((await json<ValidationProblem>(res)).errors[0].pointer).toBe('/refreshToken');
    });
  });

  describe('logout', () => {
    type Pair = { accessToken: string; refreshToken: string };
    async function login(): Promise<Pair> {
      return json<Pair>(await post(app, '/api/v1/login/', { userId: 'hq-admin', password: 'hq-password' }));
    }

    test('when a refresh token is posted to logout, then 204 and neither it nor a token refreshed from the same login refreshes again', async () => {
      const first = await login();
      const refreshed = await json<Pair>(
        await post(app, '/api/v1/login/refresh/', { refreshToken: first.refreshToken }),
      );
      expect(decodeJwt(refreshed.refreshToken).sid).toBe(decodeJwt(first.refreshToken).sid);
      const out = await post(app, '/api/v1/logout/', { refreshToken: first.refreshToken });
      expect(out.status).toBe(204);
      expect(out.headers.get('cache-control')).toBe('no-store');
      for (const refreshToken of [first.refreshToken, refreshed.refreshToken]) {
        const res = await post(app, '/api/v1/login/refresh/', { refreshToken });
        expect(res.status).toBe(401);
        expect((await json<{ detail?: string }>(res)).detail).toBe('session logged out');
      }
      // Another login is another session.
      const other = await login();
      expect((await post(app, '/api/v1/login/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
      // Logging out twice is fine.
      expect((await post(app, '/api/v1/logout', { refreshToken: first.refreshToken })).status).toBe(204);
    });

    test('when logout gets an access token, a bad token or no token, then 401/400 and nothing is revoked', async () => {
      const { accessToken, refreshToken } = await login();
      expect((await post(app, '/api/v1/logout/', { refreshToken: accessToken })).status).toBe(401);
      expect((await post(app, '/api/v1/logout/', { refreshToken: 'garbage' })).status).toBe(401);
      expect((await post(app, '/api/v1/logout/', {})).status).toBe(400);
      expect((await post(app, '/api/v1/login/refresh/', { refreshToken })).status).toBe(200);
    });
  });
});

describe('failed-login limits (per account, per address)', () => {
  let app: Gateway;
  let clock = Date.now();

  beforeAll(async () => {
    app = await startGateway({ env: SECRET, now: () => clock });
  });
  afterAll(() => app.close());

  // The gateway's limits: 5 failures per account, 20 per client address, in 15 minutes. Each
  // client below has its own loopback address (127.0.x.y), as separate machines would.
  const login = (userId: string, password: string, from: string) =>
    call<Problem>(app, 'POST', '/api/v1/login/', { body: { userId, password }, token: null, localAddress: from });

  test('when an account fails too often, then 429 with Retry-After even with the right password, until the window passes', async () => {
    for (let i = 0; i < 5; i++) expect((await login('acme-admin', 'wrong', `127.0.1.${i + 1}`)).status).toBe(401);
    const locked = await login('ACME-ADMIN', 'acme-password', '127.0.1.9');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    // Another account is not affected.
    expect((await login('hq-admin', 'hq-password', '127.0.1.9')).status).toBe(200);
    clock += 15 * 60_000 + 1000;
    expect((await login('acme-admin', 'acme-password', '127.0.1.9')).status).toBe(200);
  });

  test('when one address fails on many accounts, then that address is locked, others are not', async () => {
    const users = Array.from({ length: 20 }, (_, i) => `u${i}@nowhere.example.com`);
    for (const userId of users) expect((await login(userId, 'wrong', '127.0.2.9')).status).toBe(401);
    const locked = await login('admin', 'admin-password', '127.0.2.9');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await login('admin', 'admin-password', '127.0.2.8')).status).toBe(200);
  });
});

describe('login when tokens cannot be signed or BroadWorks cannot be reached', () => {
  test('when only a JWKS URL is configured, then the login, refresh and logout routes answer 501', async () => {
    const app = await startGateway({ env: { AUTH_JWKS_URL: 'https://idp.example.test/jwks' } });
    try {
      for (const [path, body] of [
        ['/api/v1/login/', { userId: 'admin', password: 'admin-password' }],
        ['/api/v1/login/refresh/', { refreshToken: 'x' }],
        ['/api/v1/logout/', { refreshToken: 'x' }],
      ] as const) {
        const res = await post(app, path, body);
        expect(res.status).toBe(501);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    } finally {
      await app.close();
    }
  });

  test('when BroadWorks is unreachable, then 503 and no failure is counted against the account', async () => {
    // The simulator refuses connections from the start.
    const app = await startGateway({
      env: { ...SECRET, OCI_TIMEOUT_MS: '2000' },
      simulator: { faults: { down: true } },
    });
    try {
      // One more than the failures that lock an account (5): none of them may count.
      for (let i = 0; i < 6; i++) {
        const res = await post(app, '/api/v1/login/', { userId: 'admin', password: 'admin-password' });
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    } finally {
      await app.close();
    }
  });
});
