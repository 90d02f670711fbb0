import nock from 'nock';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { startGateway, userBase, type Gateway } from '../helpers/gateway';
import { json } from '../helpers/http';

/** A test-only HS256 secret (≥ 32 characters). */
const TEST_SECRET = 'test-secret-for-the-auth-suite-0123456789';
const EXEC1 = 'exec1@acme.example.com';
const PATH = userBase('acme-ent', 'acme-hq', EXEC1) + 'services/executive/alerting/';
const USER_CLAIMS = { level: 'user', tenantId: 'acme-ent', groupId: 'acme-hq', userId: EXEC1 };
const T0 = Date.parse('2026-03-01T10:00:00Z');

/** The whole gateway with these AUTH_* variables, its clock at `now`. */
const startApp = (env: Record<string, string>, now: () => number) => startGateway({ env, now });

function hs256(
  payload: JWTPayload,
  opts: { secret?: string; expSec?: number | null; now?: number } = {},
): Promise<string> {
  const nowSec = Math.floor((opts.now ?? T0) / 1000);
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setSubject(EXEC1).setIssuedAt(nowSec);
  if (opts.expSec !== null) jwt.setExpirationTime(opts.expSec ?? nowSec + 300);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? TEST_SECRET));
}

async function call(app: Gateway, token: string | undefined, path = PATH): Promise<Response> {
  return fetch(app.url + path, { headers: token === undefined ? {} : { authorization: token } });
}

async function expectInvalid(res: Response, description?: RegExp): Promise<void> {
  expect(res.status).toBe(401);
  const challenge = res.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="oci-gateway", error="invalid_token"/);
  if (description) expect(challenge).toMatch(description);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((await json(res)).status).toBe(401);
}

describe('bearer tokens signed with the shared secret (HS256)', () => {
  let app: Gateway;
  let clock = T0;
  beforeAll(async () => {
    app = await startApp({ AUTH_JWT_SECRET: TEST_SECRET }, () => clock);
  });
  afterEach(() => {
    clock = T0;
  });
  afterAll(() => app.close());

  test('when the token is valid, then the principal reaches the handler', async () => {
    const res = await call(app, `Bearer ${await hs256(USER_CLAIMS)}`);
    expect(res.status).toBe(200);
    // The principal's own resource, served from BroadWorks.
    expect(await json(res)).toHaveProperty('mode');
  });

  test.each([
    ['a Basic header', 'Basic dXNlcjpwdw=='],
    ['a bare Bearer', 'Bearer'],
    ['garbage', 'Bearer not-a-jwt'],
    ['two segments', 'Bearer abc.def'],
  ])('when the header is %s, then 401 invalid_token', async (_name, header) => {
    await expectInvalid(await call(app, header));
  });

  test('when the signature is made with another secret, then 401', async () => {
    await expectInvalid(
      await call(app, `Bearer ${await hs256(USER_CLAIMS, { secret: 'another-secret-of-at-least-32-characters!' })}`),
    );
  });

  test('when the payload is altered after signing, then 401', async () => {
    const [h, , s] = (await hs256(USER_CLAIMS)).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: EXEC1, level: 'system', exp: Math.floor(T0 / 1000) + 300 }),
    ).toString('base64url');
    await expectInvalid(await call(app, `Bearer ${h}.${forged}.${s}`));
  });

  test('when the token says alg none, then 401', async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'x', level: 'system', exp: Math.floor(T0 / 1000) + 300 })}.`;
    await expectInvalid(await call(app, `Bearer ${none}`));
  });

  test('when the token has no exp, then 401', async () => {
    await expectInvalid(await call(app, `Bearer ${await hs256(USER_CLAIMS, { expSec: null })}`));
  });

  test('when the token expired more than 60 s ago, then 401 "token expired"', async () => {
    const token = await hs256(USER_CLAIMS, { expSec: Math.floor(T0 / 1000) - 61 });
    await expectInvalid(await call(app, `Bearer ${token}`), /error_description="token expired"/);
  });

  test('when the token expired less than 60 s ago (clock skew), then it is accepted', async () => {
    const token = await hs256(USER_CLAIMS, { expSec: Math.floor(T0 / 1000) - 30 });
    expect((await call(app, `Bearer ${token}`)).status).toBe(200);
  });

  test('when a token that was accepted (and cached) expires, then it is refused', async () => {
    const token = await hs256(USER_CLAIMS, { expSec: Math.floor(T0 / 1000) + 120 });
    expect((await call(app, `Bearer ${token}`)).status).toBe(200);
    clock = T0 + (120 + 61) * 1000;
    await expectInvalid(await call(app, `Bearer ${token}`));
  });

  test.each([
    ['an unknown level', { level: 'superuser' }],
    ['no level', { tenantId: 'T1' }],
    ['a tenant level without tenantId', { level: 'tenant' }],
    ['a group level without groupId', { level: 'group', tenantId: 'T1' }],
    ['a user level without userId', { level: 'user', tenantId: 'T1', groupId: 'G1' }],
    ['a reseller level without tenantIds', { level: 'reseller' }],
    ['a reseller level with tenantIds not a list', { level: 'reseller', tenantIds: 'T1' }],
    ['an empty tenantId', { level: 'tenant', tenantId: '' }],
  ])('when the token has %s, then 401', async (_name, claims) => {
    await expectInvalid(await call(app, `Bearer ${await hs256(claims)}`), /ids missing/);
  });

  test('when a refresh token is presented as an access token, then 401', async () => {
    await expectInvalid(await call(app, `Bearer ${await hs256({ ...USER_CLAIMS, typ: 'refresh' })}`), /refresh/);
  });
});

describe('issuer and audience checks', () => {
  let app: Gateway;
  beforeAll(async () => {
    app = await startApp(
      { AUTH_JWT_SECRET: TEST_SECRET, AUTH_ISSUER: 'https://issuer.test', AUTH_AUDIENCE: 'oci-gateway' },
      () => T0,
    );
  });
  afterAll(() => app.close());

  test.each([
    ['right issuer and audience', { iss: 'https://issuer.test', aud: 'oci-gateway' }, 200],
    ['audience in a list', { iss: 'https://issuer.test', aud: ['other', 'oci-gateway'] }, 200],
    ['wrong issuer', { iss: 'https://evil.test', aud: 'oci-gateway' }, 401],
    ['no issuer', { aud: 'oci-gateway' }, 401],
    ['wrong audience', { iss: 'https://issuer.test', aud: 'other' }, 401],
    ['no audience', { iss: 'https://issuer.test' }, 401],
  ])('when the token has %s, then %i', async (_name, extra, status) => {
    const res = await call(app, `Bearer ${await hs256({ ...USER_CLAIMS, ...extra })}`);
    expect(res.status).toBe(status);
  });

  test('when the gateway issues a token itself, then it carries the configured issuer and audience', async () => {
    const res = await call(app, `Bearer ${await app.auth.issueToken({ sub: 'admin', level: 'system' })}`);
    expect(res.status).toBe(200);
  });
});

describe('keys from a JWKS URL (served by nock through global fetch)', () => {
  const IDP = 'https://idp.example.test';
  const JWKS_PATH = '/.well-known/jwks.json';
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let otherRsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwks: { keys: object[] };

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    otherRsa = await generateKeyPair('RS256');
    jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    };
  });
  beforeEach(() => {
    nock(IDP).get(JWKS_PATH).reply(200, jwks).persist();
  });
  afterEach(() => nock.cleanAll());

  function signWith(
    key: Parameters<SignJWT['sign']>[0],
    alg: string,
    kid: string,
    claims: JWTPayload = USER_CLAIMS,
  ): Promise<string> {
    const nowSec = Math.floor(T0 / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg, kid })
      .setSubject(EXEC1)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + 300)
      .sign(key);
  }

  async function withApp(env: Record<string, string>, fn: (app: Gateway) => Promise<void>): Promise<void> {
    const app = await startApp(env, () => T0);
    try {
      await fn(app);
    } finally {
      await app.close();
    }
  }

  test('when tokens are signed RS256 and ES256 by keys of the set, then both are accepted', async () => {
    await withApp({ AUTH_JWKS_URL: IDP + JWKS_PATH }, async (app) => {
      expect((await call(app, `Bearer ${await signWith(rsa.privateKey, 'RS256', 'rsa-1')}`)).status).toBe(200);
      expect((await call(app, `Bearer ${await signWith(ec.privateKey, 'ES256', 'ec-1')}`)).status).toBe(200);
    });
  });

  test('when a token is signed by a key outside the set, then 401', async () => {
    await withApp({ AUTH_JWKS_URL: IDP + JWKS_PATH }, async (app) => {
      await expectInvalid(await call(app, `Bearer ${await signWith(otherRsa.privateKey, 'RS256', 'rsa-1')}`));
      await expectInvalid(await call(app, `Bearer ${await signWith(otherRsa.privateKey, 'RS256', 'unknown-kid')}`));
    });
  });

  test('when only a JWKS is configured, then an HS256 token is refused (no algorithm confusion)', async () => {
    await withApp({ AUTH_JWKS_URL: IDP + JWKS_PATH }, async (app) => {
      await expectInvalid(await call(app, `Bearer ${await hs256(USER_CLAIMS)}`));
      const pubAsSecret = JSON.stringify(jwks.keys[0]);
      await expectInvalid(await call(app, `Bearer ${await hs256(USER_CLAIMS, { secret: pubAsSecret })}`));
    });
  });

  test('when both a secret and a JWKS are configured, then HS256 and RS256 tokens both work', async () => {
    await withApp({ AUTH_JWT_SECRET: TEST_SECRET, AUTH_JWKS_URL: IDP + JWKS_PATH }, async (app) => {
      expect((await call(app, `Bearer ${await hs256(USER_CLAIMS)}`)).status).toBe(200);
      expect((await call(app, `Bearer ${await signWith(rsa.privateKey, 'RS256', 'rsa-1')}`)).status).toBe(200);
    });
  });

  test('when the IdP token has an audience other than the configured one, then 401', async () => {
    await withApp({ AUTH_JWKS_URL: IDP + JWKS_PATH, AUTH_AUDIENCE: 'oci-gateway' }, async (app) => {
      const wrong = await signWith(rsa.privateKey, 'RS256', 'rsa-1', { ...USER_CLAIMS, aud: 'someone-else' });
      await expectInvalid(await call(app, `Bearer ${wrong}`));
      const right = await signWith(rsa.privateKey, 'RS256', 'rsa-1', { ...USER_CLAIMS, aud: 'oci-gateway' });
      expect((await call(app, `Bearer ${right}`)).status).toBe(200);
    });
  });

  test('when the JWKS endpoint cannot be reached, then 503 (the token may be fine)', async () => {
    nock.cleanAll();
    nock(IDP).get(JWKS_PATH).replyWithError('connect ECONNREFUSED').persist();
    await withApp({ AUTH_JWKS_URL: IDP + JWKS_PATH }, async (app) => {
      const res = await call(app, `Bearer ${await signWith(rsa.privateKey, 'RS256', 'rsa-1')}`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });
});
