import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';
import { startKeyServer, type KeyServer } from '../helpers/key-server';

/**
 * Idempotency-Key records belong to the caller's full identity (issuer and subject, level and
 * scope), not to `sub` alone: two token sources may issue the same `sub` for different people.
 */

const SCREENING = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/screening/';

describe('Idempotency-Key records per caller identity', () => {
  let keys: KeyServer;
  let gw: Gateway;
  let idp: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    idp = await generateKeyPair('RS256');
    keys = await startKeyServer({ keys: [{ ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256' }] });
    gw = await startGateway({
      env: { AUTH_JWT_SECRET: 'test-secret-for-the-idempotency-identity-suite', AUTH_JWKS_URL: keys.url },
    });
  });
  afterAll(async () => {
    await gw.close();
    await keys.close();
  });

  const idpToken = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setSubject('ops')
      .setIssuer('https://idp.example.test')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(idp.privateKey);

  const put = (token: string, enabled: boolean) =>
    call(gw, 'PUT', SCREENING, { body: { enabled }, token, headers: { 'idempotency-key': 'same-key-1' } });

  test('when two token sources issue the same sub, then they do not share records: each request runs on its own', async () => {
    const local = await gw.token({ sub: 'ops', level: 'system' });
    const first = await put(local, true);
    expect(first.status).toBe(200);
    // Same sub, same key, another body, from the identity provider: not "key reused", not a replay.
    const other = await put(await idpToken({ level: 'system' }), false);
    expect(other.status).toBe(200);
    expect(other.json).toMatchObject({ enabled: false });
    // Each source still has its own record.
    expect((await put(local, false)).status).toBe(422);
  });

  test('when one source issues the same sub at two levels, then they do not share records either', async () => {
    const system = await idpToken({ level: 'system' });
    const tenant = await idpToken({ level: 'tenant', tenantId: 'acme-ent' });
    const key = { 'idempotency-key': 'same-key-2' };
    expect((await call(gw, 'PUT', SCREENING, { body: { enabled: true }, token: system, headers: key })).status).toBe(
      200,
    );
    const asTenant = await call(gw, 'PUT', SCREENING, { body: { enabled: false }, token: tenant, headers: key });
    expect(asTenant.status).toBe(200);
  });
});
