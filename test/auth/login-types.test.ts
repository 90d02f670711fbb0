import { decodeJwt } from 'jose';
import { LoginRefusedError, LoginReplyError, principalFromLogin } from '../../src/http/auth/login-principal';
import type { OciCommand, OciResult } from '../../src/oci/command';
import { OciError } from '../../src/oci/errors';
import type { OciExecutor, OciLoginInfo } from '../../src/oci/executor';
import { startGateway, type Gateway } from '../helpers/gateway';
import { json, type TokenPair } from '../helpers/http';
import { startProxy } from '../oci/helpers/proxy';

// BroadWorks login types the simulator does not produce (Group Department, Lawful Intercept,
// Provisioning for a system admin, a reply without its ids). Over HTTP: the whole gateway
// and the real OCI client, with a loopback proxy in front of the simulator rewriting the
// login reply, as a real BroadWorks of another kind would answer.

/** The reply's inner XML travels escaped in the SOAP envelope. */
const element = (name: string, value: string) => `&lt;${name}&gt;${value}&lt;/${name}&gt;`;

describe('login types the simulator does not produce, over HTTP', () => {
  let gw: Gateway;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  /** How the proxy changes the reply to a login document (none: as the simulator said). */
  let rewrite: ((reply: string) => string) | undefined;

  beforeAll(async () => {
    gw = await startGateway({
      primaryUrl: async (sim) => {
        proxy = await startProxy(sim.origin, undefined, undefined, (reply, request) =>
          rewrite && /LoginRequest/.test(request) ? rewrite(reply) : reply,
        );
        return proxy.origin + new URL(sim.url).pathname;
      },
    });
  });
  beforeEach(() => {
    rewrite = undefined;
  });
  afterAll(async () => {
    await gw.close();
    await proxy.close();
  });

  const login = (userId: string, password: string) =>
    fetch(`${gw.url}/api/v1/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, password }),
    });
  const asType = (from: string, to: string) => (reply: string) =>
    reply.replace(element('loginType', from), element('loginType', to));

  test.each(['Group Department', 'Lawful Intercept', 'Something New'])(
    'when BroadWorks says %s, then 403',
    async (loginType) => {
      rewrite = asType('Group', loginType);
      const res = await login('hq-admin', 'hq-password');
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  );

  test('when a Provisioning admin is confirmed by SystemAdminGetRequest22, then a system token', async () => {
    rewrite = asType('System', 'Provisioning');
    gw.sim.clearRequestLog();
    const res = await login('admin', 'admin-password');
    expect(res.status).toBe(200);
    expect(decodeJwt((await json<TokenPair>(res)).accessToken).level).toBe('system');
    // Confirmed by the gateway's own session, not taken from the login reply.
    const lookup = gw.sim.requestLog().find((e) => e.commandTypes.includes('SystemAdminGetRequest22'));
    expect(lookup?.xml).toContain('<userId>admin</userId>');
  });

  test('when a Provisioning login cannot be confirmed, then 403, never system', async () => {
    rewrite = asType('Group', 'Provisioning');
    expect((await login('hq-admin', 'hq-password')).status).toBe(403);
  });

  test('when a User login lacks its group, then 502', async () => {
    rewrite = (reply) => reply.replace(element('groupId', 'acme-hq'), '');
    expect((await login('exec1@acme.example.com', 'exec1-password')).status).toBe(502);
  });

  // The login guard allows 5 attempts per account: refused login types and unreadable replies
  // give their unit back, so more of them than that never lock the account.
  test('when a login is refused for its type or its reply is unreadable, then it is not counted against the account', async () => {
    rewrite = asType('Group', 'Group Department');
    for (let i = 0; i < 6; i++) expect((await login('hq-admin', 'hq-password')).status).toBe(403);
    rewrite = (reply) => reply.replace(element('groupId', 'acme-hq'), '');
    for (let i = 0; i < 6; i++) expect((await login('hq-admin', 'hq-password')).status).toBe(502);
    rewrite = undefined;
    expect((await login('hq-admin', 'hq-password')).status).toBe(200);
  });
});

// What the gateway's own session looks up after a Provisioning or Reseller login, with replies
// the simulator never gives (columns in another order, an outage in the middle of a login).
describe('principalFromLogin with replies the simulator does not produce', () => {
  const table = (headings: string[], rows: string[][]) => ({
    serviceProviderTable: [{ colHeading: headings, row: rows.map((r) => ({ col: r })) }],
  });
  const noSuchAdmin = (): OciResult => ({
    kind: 'error',
    severity: 'Error',
    summary: '[Error 4008] not found',
    summaryEnglish: '[Error 4008] not found',
  });
  const executorOf = (replies: (cmds: OciCommand[]) => OciResult[]) => {
    const sent: OciCommand[][] = [];
    const executor: OciExecutor = {
      execute: (cmds) => {
        sent.push(cmds);
        return Promise.resolve(replies(cmds));
      },
    };
    return { executor, sent };
  };
  const provisioning: OciLoginInfo = { userId: 'someone', loginType: 'Provisioning', isEnterprise: false };

  test('when a Provisioning login is really a reseller admin, then a reseller principal with its tenants (read by heading)', async () => {
    const { executor, sent } = executorOf((cmds) =>
      cmds.map((c): OciResult => {
        if (c.type === 'ResellerAdminGetRequest22V2')
          return { kind: 'data', type: 'ResellerAdminGetResponse22V2', body: { resellerId: ['R9'] } };
        if (c.type === 'ServiceProviderGetListRequest') {
          // Columns in an unexpected order: read by heading, not position.
          return {
            kind: 'data',
            type: 'ServiceProviderGetListResponse',
            body: table(
              ['Reseller Id', 'Is Enterprise', 'Service Provider Id'],
              [
                ['R9', 'true', 'T7'],
                ['R9', 'false', 'T8'],
              ],
            ),
          };
        }
        return noSuchAdmin();
      }),
    );
    expect(await principalFromLogin(provisioning, executor)).toMatchObject({
      level: 'reseller',
      tenantIds: ['T7', 'T8'],
    });
    const search = sent.flat().find((c) => c.type === 'ServiceProviderGetListRequest');
    expect(search?.body).toEqual({
      searchCriteriaResellerId: { mode: 'Equal To', value: 'R9', isCaseInsensitive: 'false' },
    });
  });

  test('when the reseller lookup meets a BroadWorks outage, then the outage (503 with its Retry-After) is what the login gets', async () => {
    const { executor } = executorOf(() => {
      throw new OciError('unavailable', 'down', { retryAfterSeconds: 3 });
    });
    const info: OciLoginInfo = { userId: 'someone', loginType: 'Reseller', isEnterprise: false, resellerId: 'R9' };
    const err = await principalFromLogin(info, executor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OciError);
    expect([(err as OciError).kind, (err as OciError).retryAfterSeconds]).toEqual(['unavailable', 3]);
  });

  test('the refusals and the bad replies are told apart (403 and 502 over HTTP)', async () => {
    const { executor } = executorOf((cmds) => cmds.map(noSuchAdmin));
    await expect(principalFromLogin(provisioning, executor)).rejects.toBeInstanceOf(LoginRefusedError);
    await expect(
      principalFromLogin({ userId: 'u', loginType: 'User', isEnterprise: false, serviceProviderId: 'T1' }, executor),
    ).rejects.toBeInstanceOf(LoginReplyError);
  });
});
