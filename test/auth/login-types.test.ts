import { decodeJwt } from 'jose';
import type { OciCommand, OciResult } from '../../src/oci/command';
import { OciError } from '../../src/oci/errors';
import type { OciCredentialVerifier, OciExecutor, OciLoginInfo } from '../../src/oci/executor';
import { json } from './support/http';
import { authConfig } from './support/keys';
import { startTestApp, type TestApp } from './support/test-app';

// BroadWorks login types the simulator does not produce (Provisioning, Group Department,
// Lawful Intercept, malformed replies), played by a stand-in verifier over real HTTP.
const table = (headings: string[], rows: string[][]) => ({
  serviceProviderTable: [{ colHeading: headings, row: rows.map((r) => ({ col: r })) }],
});

describe('login types the simulator does not produce', () => {
  let app: TestApp;
  let info: OciLoginInfo;
  let replies: (cmds: OciCommand[]) => OciResult[];
  const sent: OciCommand[][] = [];
  const verifier: OciCredentialVerifier = { verifyCredentials: async () => info };
  const executor: OciExecutor = {
    execute: async (cmds) => {
      sent.push(cmds);
      return replies(cmds);
    },
  };
  const noSuchAdmin = (): OciResult => ({
    kind: 'error',
    severity: 'Error',
    summary: '[Error 4008] not found',
    summaryEnglish: '[Error 4008] not found',
  });

  beforeAll(async () => {
    app = await startTestApp({ auth: authConfig(), verifier, executor });
  });
  beforeEach(() => {
    sent.length = 0;
    replies = (cmds) => cmds.map(noSuchAdmin);
  });
  afterAll(() => app.close());

  const login = () =>
    fetch(`${app.url}/api/v1/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'someone', password: 'pw' }),
    });

  test.each(['Group Department', 'Lawful Intercept', 'Something New'])(
    'when BroadWorks says %s, then 403',
    async (loginType) => {
      info = { userId: 'someone', loginType, isEnterprise: false, serviceProviderId: 'T1', groupId: 'G1' };
      const res = await login();
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  );

  test('when a Provisioning admin is confirmed by SystemAdminGetRequest22, then a system token', async () => {
    info = { userId: 'someone', loginType: 'Provisioning', isEnterprise: false };
    replies = (cmds) =>
      cmds.map((c) =>
        c.type === 'SystemAdminGetRequest22'
          ? { kind: 'data', type: 'SystemAdminGetResponse22', body: { adminType: ['Provisioning'] } }
          : noSuchAdmin(),
      );
    const res = await login();
    expect(res.status).toBe(200);
    expect(decodeJwt((await json(res)).accessToken).level).toBe('system');
  });

  test('when a Provisioning login is really a reseller admin, then a reseller token with its tenants (read by heading)', async () => {
    info = { userId: 'someone', loginType: 'Provisioning', isEnterprise: false };
    replies = (cmds) =>
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
      });
    const res = await login();
    expect(res.status).toBe(200);
    expect(decodeJwt((await json(res)).accessToken)).toMatchObject({ level: 'reseller', tenantIds: ['T7', 'T8'] });
    const search = sent.flat().find((c) => c.type === 'ServiceProviderGetListRequest');
    expect(search?.body).toEqual({
      searchCriteriaResellerId: { mode: 'Equal To', value: 'R9', isCaseInsensitive: 'false' },
    });
  });

  test('when a Provisioning login cannot be confirmed, then 403, never system', async () => {
    info = { userId: 'someone', loginType: 'Provisioning', isEnterprise: false };
    expect((await login()).status).toBe(403);
  });

  test('when a User login lacks its group, then 502', async () => {
    info = { userId: 'someone', loginType: 'User', isEnterprise: false, serviceProviderId: 'T1' };
    expect((await login()).status).toBe(502);
  });

  test('when the reseller lookup meets a BroadWorks outage, then 503', async () => {
    info = { userId: 'someone', loginType: 'Reseller', isEnterprise: false, resellerId: 'R9' };
    replies = () => {
      throw new OciError('unavailable', 'down', { retryAfterSeconds: 3 });
    };
    const res = await login();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
  });
});
