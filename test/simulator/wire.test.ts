import { createHash } from 'node:crypto';
import { signPassword, startSimulator, Simulator } from '../../src/simulator';
import { elementOf, textOf } from '../../src/oci/document';
import { envelope, post, SimSession } from './sim-client';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe('SOAP wire and login', () => {
  test('the signed password is md5(nonce:sha1hex(password)) for the captured nonce', () => {
    // Computed with coreutils, not node:crypto, so a shared misreading of the algorithm fails:
    //   printf '%s' password1 | sha1sum → e38ad214943daad1d64c102faec29de4afe9da3d
    //   printf '%s' "1493661742798:e38ad214943daad1d64c102faec29de4afe9da3d" | md5sum → 4e12155abaa0cfd664a28c18bb87f0df
    expect(signPassword('1493661742798', 'password1')).toBe('4e12155abaa0cfd664a28c18bb87f0df');
  });

  test('AuthenticationRequest then LoginRequest14sp4 with a signed password logs in', async () => {
    const s = new SimSession(sim.url);
    const auth = await s.send([{ type: 'AuthenticationRequest', body: { userId: 'admin' } }]);
    expect(auth.status).toBe(200);
    expect(auth.setCookie).toMatch(/^[0-9A-F]{32}$/);
    const a = auth.results[0];
    if (a.kind !== 'data') throw new Error('no AuthenticationResponse');
    expect(a.type).toBe('AuthenticationResponse');
    expect(textOf(a.body, 'passwordAlgorithm')).toBe('MD5');
    const nonce = textOf(a.body, 'nonce')!;
    const sha1 = createHash('sha1').update('admin-password').digest('hex');
    const signed = createHash('md5').update(`${nonce}:${sha1}`).digest('hex');
    const login = await s.send([{ type: 'LoginRequest14sp4', body: { userId: 'admin', signedPassword: signed } }]);
    const l = login.results[0];
    expect(l.kind === 'data' && l.type).toBe('LoginResponse14sp4');
    expect(l.kind === 'data' && Object.keys(l.body)).toEqual([
      'loginType',
      'locale',
      'encoding',
      'isEnterprise',
      'passwordExpiresDays',
      'userDomain',
    ]);
    expect(l.kind === 'data' && textOf(l.body, 'loginType')).toBe('System');
    const verify = await s.send([{ type: 'VerifySessionIsValidRequest' }]);
    expect(verify.results[0].kind).toBe('success');
  });

  test('a nonce from another cookie does not log in', async () => {
    const a = new SimSession(sim.url);
    const auth = (await a.send([{ type: 'AuthenticationRequest', body: { userId: 'admin' } }])).results[0];
    const nonce = auth.kind === 'data' ? textOf(auth.body, 'nonce')! : '';
    const b = new SimSession(sim.url, a.sessionId);
    const sha1 = createHash('sha1').update('admin-password').digest('hex');
    const signed = createHash('md5').update(`${nonce}:${sha1}`).digest('hex');
    const r = (await b.send([{ type: 'LoginRequest14sp4', body: { userId: 'admin', signedPassword: signed } }]))
      .results[0];
    expect(r.kind === 'error' && r.summaryEnglish).toBe('[Error 4962] Invalid password');
  });

  test('LoginRequest22V5 answers elements in schema order, with resellerId for a reseller admin', async () => {
    const s = new SimSession(sim.url);
    const r = await s.login('reseller-admin', 'reseller-password');
    expect(r.kind === 'data' && r.type).toBe('LoginResponse22V5');
    expect(r.kind === 'data' && Object.keys(r.body)).toEqual([
      'loginType',
      'locale',
      'encoding',
      'isEnterprise',
      'passwordExpiresDays',
      'userDomain',
      'resellerId',
    ]);
    expect(r.kind === 'data' && textOf(r.body, 'loginType')).toBe('Reseller');
    const g = await new SimSession(sim.url).login('hq-admin', 'hq-password');
    expect(
      g.kind === 'data' && [
        textOf(g.body, 'groupId'),
        textOf(g.body, 'serviceProviderId'),
        textOf(g.body, 'isEnterprise'),
      ],
    ).toEqual(['acme-hq', 'acme-ent', 'true']);
  });

  test('a wrong password is [Error 4962] Invalid password, without errorCode', async () => {
    const s = new SimSession(sim.url);
    const ex = await s.send([{ type: 'LoginRequest22V5', body: { userId: 'admin', password: 'nope' } }]);
    const r = ex.results[0];
    expect(r).toMatchObject({
      kind: 'error',
      severity: 'Error',
      code: 4962,
      summary: '[Error 4962] Invalid password',
      summaryEnglish: '[Error 4962] Invalid password',
    });
    expect(ex.inner).not.toContain('errorCode');
    expect(ex.inner).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"\?>/);
    expect(ex.inner).toContain('type="Error"');
    expect(ex.inner).toContain('xsi:type="c:ErrorResponse" xmlns="" echo="" type="Error" xmlns:c="C"');
  });

  test('a command before login is the INVALID_REQUEST SOAP fault with HTTP 500', async () => {
    const s = new SimSession(sim.url);
    const ex = await s.send([{ type: 'UserGetRequest23V2', body: { userId: 'exec1@acme.example.com' } }]);
    expect(ex.status).toBe(500);
    expect(ex.fault).toEqual({
      faultcode: 'soapenv:Server.generalException',
      faultstring: 'INVALID_REQUEST',
      detail: 'Cannot process any request before user is logged in.',
    });
  });

  test('the session is keyed by cookie and sessionId: either one alone is not logged in', async () => {
    const s = new SimSession(sim.url);
    await s.login('admin', 'admin-password');
    const noCookie = new SimSession(sim.url, s.sessionId);
    expect((await noCookie.send([{ type: 'VerifySessionIsValidRequest' }])).fault?.faultstring).toBe('INVALID_REQUEST');
    const otherId = new SimSession(sim.url);
    otherId.cookie = s.cookie;
    const ex = await otherId.send([{ type: 'VerifySessionIsValidRequest' }]);
    expect(ex.fault?.faultstring).toBe('INVALID_REQUEST');
    expect(ex.setCookie).toBeUndefined();
    expect((await s.send([{ type: 'VerifySessionIsValidRequest' }])).results[0].kind).toBe('success');
  });

  test('LogoutRequest ends the session', async () => {
    const s = new SimSession(sim.url);
    await s.login('admin', 'admin-password');
    expect(
      (await s.send([{ type: 'LogoutRequest', body: { userId: 'admin', reason: 'Client Logout' } }])).results[0].kind,
    ).toBe('success');
    expect((await s.send([{ type: 'VerifySessionIsValidRequest' }])).status).toBe(500);
  });

  test('in0 is accepted like arg0; echo is returned, echo="" when none', async () => {
    const s = new SimSession(sim.url);
    const ex = await s.send(
      [
        { type: 'LoginRequest22V5', body: { userId: 'admin', password: 'admin-password' }, echo: 'login-1' },
        { type: 'VerifySessionIsValidRequest' },
      ],
      'in0',
    );
    expect(ex.results.map((r) => r.kind)).toEqual(['data', 'success']);
    expect(ex.results[0].echo).toBe('login-1');
    expect(ex.inner).toContain('echo=""');
    expect(ex.body).toContain(
      '<processOCIMessageResponse xmlns=""><ns1:processOCIMessageReturn xmlns:ns1="urn:com:broadsoft:webservice">&lt;?xml',
    );
    expect(ex.inner).toContain('<command xsi:type="c:SuccessResponse" xmlns="" echo="" xmlns:c="C"');
  });

  test('15 commands are answered in order; 16 are refused', async () => {
    const s = new SimSession(sim.url);
    await s.login('admin', 'admin-password');
    const cmds = Array.from({ length: 15 }, (_, i) => ({ type: 'VerifySessionIsValidRequest', echo: `e${i}` }));
    const ex = await s.send(cmds);
    expect(ex.results.map((r) => r.echo)).toEqual(cmds.map((c) => c.echo));
    const raw = (await s.send(cmds.slice(0, 1))).inner!;
    expect(raw).toBeDefined();
    const sixteen = Array.from({ length: 16 }, () => '<command xsi:type="VerifySessionIsValidRequest" xmlns=""/>').join(
      '',
    );
    const doc = `<BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><sessionId xmlns="">${s.sessionId}</sessionId>${sixteen}</BroadsoftDocument>`;
    const bad = await s.sendRaw(envelope(doc));
    expect(bad.status).toBe(500);
    expect(bad.fault).toBeDefined();
  });

  test('malformed SOAP, a DOCTYPE and an over-limit body are refused without a crash', async () => {
    const broken = await post(sim.url, '<soapenv:Envelope><oops');
    expect(broken.status).toBe(500);
    expect(broken.fault?.faultcode).toBe('soapenv:Server.userException');
    const doctype = await post(sim.url, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    expect(doctype.status).toBe(500);
    const big = await post(sim.url, 'x'.repeat(1024 * 1024 + 1));
    expect(big.status).toBe(413);
    const s = new SimSession(sim.url);
    expect(
      (await s.send([{ type: 'LoginRequest22V5', body: { userId: 'admin', password: 'admin-password' } }])).status,
    ).toBe(200);
  });

  test('an arg0 in CDATA or with numeric references is read like the plain form', async () => {
    const s = new SimSession(sim.url);
    const inner = (user: string) =>
      `<BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><sessionId xmlns="">${s.sessionId}</sessionId>` +
      `<command xsi:type="LoginRequest22V5" xmlns=""><userId>${user}</userId><password>admin-password</password></command></BroadsoftDocument>`;
    const soap = (arg: string) =>
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><processOCIMessage><arg0>${arg}</arg0></processOCIMessage></soapenv:Body></soapenv:Envelope>`;
    const cdata = await s.sendRaw(soap(`<![CDATA[${inner('admin')}]]>`));
    expect(cdata.results[0].kind).toBe('data');
    const escaped = inner('&#97;dmin').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&#62;');
    const refs = await s.sendRaw(soap(escaped));
    expect(refs.results[0].kind).toBe('data');
    const stray = await s.sendRaw(soap('a & b'));
    expect(stray.status).toBe(500);
  });

  test('non-ASCII text is written as character references in an ISO-8859-1 reply', async () => {
    const s = new SimSession(sim.url);
    await s.login('admin', 'admin-password');
    const ex = await s.send([{ type: 'UserGetRequest23V2', body: { userId: 'other1@gamma.example.com' } }]);
    const r = ex.results[0];
    if (r.kind !== 'data') throw new Error(JSON.stringify(r));
    expect(textOf(r.body, 'firstName')).toBe('Inès');
    expect(ex.inner).toContain('In&#232;s');
    expect(elementOf(r.body, 'department')).toBeUndefined();
  });
});
