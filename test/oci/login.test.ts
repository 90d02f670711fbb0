import { createOciClient } from '../../src/oci/client';
import { chooseLoginFlow, signedPassword } from '../../src/oci/login';
import { OciError } from '../../src/oci/errors';
import { READ, simulatorPerTest, testOptions } from './helpers/client-options';
import { startProxy } from './helpers/proxy';

describe('signed password', () => {
  test('is md5(nonce:sha1hex(password)) in lowercase hex (vectors computed outside node)', () => {
    // Computed with coreutils, not node:crypto, so a shared misreading of the algorithm fails:
    //   printf '%s' password1 | sha1sum → e38ad214943daad1d64c102faec29de4afe9da3d
    //   printf '%s' "1493661742798:e38ad214943daad1d64c102faec29de4afe9da3d" | md5sum → 4e12155abaa0cfd664a28c18bb87f0df
    //   printf 'p\xc3\xa4ssword!' | sha1sum (UTF-8 bytes) → f6d7efb3d074079b823014b747275eb5be3a7479
    //   printf '%s' "1493661742798:f6d7efb3d074079b823014b747275eb5be3a7479" | md5sum → 07f86b23c62ef9599b2228605da14c3d
    const nonce = '1493661742798';
    expect(signedPassword(nonce, 'password1')).toBe('4e12155abaa0cfd664a28c18bb87f0df');
    expect(signedPassword(nonce, 'pässword!')).toBe('07f86b23c62ef9599b2228605da14c3d');
    expect(signedPassword('1', 'a')).not.toBe(signedPassword('2', 'a'));
  });

  test('auto picks 22V5 on https and 14sp4 on http; plain passwords over http only when allowed', () => {
    expect(chooseLoginFlow('https://x/ws', 'auto', false)).toBe('22V5');
    expect(chooseLoginFlow('http://x/ws', 'auto', false)).toBe('14sp4');
    expect(() => chooseLoginFlow('http://x/ws', '22V5', false)).toThrow(/plain password/);
    expect(chooseLoginFlow('http://x/ws', '22V5', true)).toBe('22V5');
  });
});

describe('login flows against the simulator', () => {
  const t = simulatorPerTest({ perFile: true });

  test.each([
    ['14sp4', ['AuthenticationRequest', 'LoginRequest14sp4']],
    ['22V5', ['LoginRequest22V5']],
  ] as const)(
    '%s: logs in, replays the JSESSIONID cookie with the same sessionId, logs out on close',
    async (mode, loginTypes) => {
      const proxy = await startProxy(t.sim.origin);
      try {
        t.sim.clearRequestLog();
        t.client = createOciClient(
          testOptions([`${proxy.origin}/webservice/services/ProvisioningService`], {
            login: mode,
            allowPlainPasswordOverHttp: true,
            sessions: 1,
          }),
        );
        await t.client.start();
        const [r] = await t.client.execute([READ]);
        expect(r.kind).toBe('success');
        await t.client.close();
        t.client = undefined;
        const log = t.sim.requestLog();
        expect(log.map((e) => e.commandTypes[0])).toEqual([
          ...loginTypes,
          'VerifySessionIsValidRequest',
          'LogoutRequest',
        ]);
        expect(new Set(log.map((e) => e.sessionId)).size).toBe(1);
        // First request has no cookie; every later one replays the one the server set.
        expect(proxy.seen[0].headers.cookie).toBeUndefined();
        const cookies = proxy.seen.slice(1).map((s) => s.headers.cookie);
        expect(cookies.every((c) => /^JSESSIONID=[0-9A-F]+$/.test(c ?? ''))).toBe(true);
        expect(new Set(cookies).size).toBe(1);
        expect(t.sim.stats().sessions).toBe(0);
        if (mode === '14sp4') expect(log[1].xml).not.toContain('admin-password');
      } finally {
        await proxy.close();
      }
    },
  );

  test('verifyCredentials logs in as the user on a throw-away session and logs out', async () => {
    t.client = createOciClient(testOptions([t.sim.url]));
    await t.client.execute([READ]);
    const poolSession = t.sim.requestLog().at(-1)!.sessionId;
    t.sim.clearRequestLog();
    const info = await t.client.verifyCredentials('hq-admin', 'hq-password');
    expect(info).toMatchObject({
      userId: 'hq-admin',
      loginType: 'Group',
      serviceProviderId: 'acme-ent',
      groupId: 'acme-hq',
      isEnterprise: true,
    });
    const log = t.sim.requestLog();
    expect(log.map((e) => e.commandTypes[0])).toEqual(['AuthenticationRequest', 'LoginRequest14sp4', 'LogoutRequest']);
    const throwAway = new Set(log.map((e) => e.sessionId));
    expect(throwAway.size).toBe(1);
    expect(throwAway.has(poolSession)).toBe(false);
    expect(t.client.stats().logins).toBe(1); // the pool's own login only
    const user = await t.client.verifyCredentials('exec1@acme.example.com', 'exec1-password');
    expect(user.loginType).toBe('User');
  });

  test('verifyCredentials with a wrong password is login-failed', async () => {
    t.client = createOciClient(testOptions([t.sim.url]));
    const e = (await t.client.verifyCredentials('hq-admin', 'nope').catch((err: unknown) => err)) as OciError;
    expect(e).toBeInstanceOf(OciError);
    expect(e.kind).toBe('login-failed');
    expect(e.message).toMatch(/Invalid password/);
  });
});
