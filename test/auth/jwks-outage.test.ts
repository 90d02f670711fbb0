import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startGateway, userBase, type Gateway } from '../helpers/gateway';
import { json, type Problem } from '../helpers/http';
import { startKeyServer, type KeyServer } from '../helpers/key-server';

/**
 * The identity provider's key set served by a real local HTTP server that counts its fetches:
 * when it fails (500, or nothing listening), tokens get 503 keys-unavailable with Retry-After,
 * and the gateway fetches at most once per cooldown (30 s), whatever the tokens carry.
 */

const EXEC1 = 'exec1@acme.example.com';
const PATH = userBase('acme-ent', 'acme-hq', EXEC1) + 'services/executive/alerting/';
const USER_CLAIMS = { level: 'user', tenantId: 'acme-ent', groupId: 'acme-hq', userId: EXEC1 };
const COOLDOWN_MS = 30_000;

describe('when the JWKS endpoint fails (a real local key server counting its fetches)', () => {
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let keys: KeyServer;
  let app: Gateway;
  let clock = Date.now();

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    keys = await startKeyServer({ keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256' }] }, 500);
    app = await startGateway({ env: { AUTH_JWKS_URL: keys.url }, now: () => clock });
  });
  afterAll(async () => {
    await app.close();
    await keys.close();
  });

  function token(kid: string, key = rsa.privateKey): Promise<string> {
    const nowSec = Math.floor(clock / 1000);
    return new SignJWT(USER_CLAIMS)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(EXEC1)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + 3600)
      .sign(key);
  }

  const get = (authorization: string, headers: Record<string, string> = {}) =>
    fetch(app.url + PATH, { headers: { authorization, ...headers } });

  async function expectKeysUnavailable(res: Response): Promise<void> {
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(COOLDOWN_MS / 1000);
    expect((await json<Problem>(res)).type).toBe('https://oci-gateway.dev/problems/keys-unavailable');
  }

  test('then valid and forged tokens alike get 503 keys-unavailable, the set is fetched once per cooldown, and the keys serve again once it answers', async () => {
    const other = await generateKeyPair('RS256');
    const tokens = [
      await token('rsa-1'),
      await token('forged-kid-1'),
      await token('forged-kid-2', other.privateKey),
      await token('../../etc/passwd'),
    ];
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        tokens.map((t) => get(`Bearer ${t}`, { 'x-forwarded-for': `10.0.0.${round}` })),
      );
      for (const res of answers) await expectKeysUnavailable(res);
    }
    expect(keys.fetches).toBe(1);

    clock += COOLDOWN_MS;
    await expectKeysUnavailable(await get(`Bearer ${tokens[1]}`));
    await expectKeysUnavailable(await get(`Bearer ${tokens[0]}`));
    expect(keys.fetches).toBe(2);

    keys.status = 200;
    clock += COOLDOWN_MS;
    expect((await get(`Bearer ${tokens[0]}`)).status).toBe(200);
    expect(keys.fetches).toBe(3);
    // Unknown kids with the keys at hand: 401, and no fetch before the cooldown has passed.
    for (const t of tokens.slice(1)) expect((await get(`Bearer ${t}`)).status).toBe(401);
    expect(keys.fetches).toBe(3);

    // The endpoint fails again: the keys already known keep serving, unknown kids cannot tell.
    keys.status = 500;
    clock += COOLDOWN_MS;
    expect((await get(`Bearer ${await token('rsa-1')}`)).status).toBe(200);
    await expectKeysUnavailable(await get(`Bearer ${await token('rotated-in')}`));
    await expectKeysUnavailable(await get(`Bearer ${await token('rotated-in-2')}`));
    expect(keys.fetches).toBe(4);
  });

  test('when the JWKS connection is cut, then 503 keys-unavailable and one attempt per cooldown', async () => {
    keys.status = 0;
    clock += COOLDOWN_MS;
    const before = keys.fetches;
    for (let i = 0; i < 10; i++) await expectKeysUnavailable(await get(`Bearer ${await token(`kid-${i}`)}`));
    expect(keys.fetches).toBe(before + 1);
  });

  test('when nothing listens at the JWKS URL, then 503 keys-unavailable', async () => {
    const gone = await startKeyServer({ keys: [] });
    await gone.close();
    const down = await startGateway({ env: { AUTH_JWKS_URL: gone.url }, now: () => clock });
    try {
      const t = await token('rsa-1');
      for (let i = 0; i < 3; i++) {
        await expectKeysUnavailable(await fetch(down.url + PATH, { headers: { authorization: `Bearer ${t}` } }));
      }
    } finally {
      await down.close();
    }
  });
});
