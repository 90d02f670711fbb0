import { pointers, type ValidationProblem } from '../helpers/http';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

const EXEC1 = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
const PROBLEM = 'https://oci-gateway.dev/problems/';

describe('Executive errors over HTTP', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.close());
  beforeEach(() => {
    gw.sim.reset();
    gw.sim.clearRequestLog();
  });
  const documents = () => gw.sim.requestLog().map((e) => e.commandTypes);
  const tenantAdmin = () => gw.token({ sub: 'acme-admin', level: 'tenant', tenantId: 'acme-ent' });

  it.each([
    ['a user of another group', userBase('acme-ent', 'acme-branch', 'exec1@acme.example.com')],
    ['a user of another tenant', userBase('gamma-ent', 'gamma-office', 'exec1@acme.example.com')],
    ['an unknown user', userBase('acme-ent', 'acme-hq', 'ghost@acme.example.com')],
  ])('%s → 404 after the membership document alone', async (_what, base) => {
    const res = await call(gw, 'GET', base + 'services/executive/screening/');
    expect(res.status).toBe(404);
    expect(res.json.type).toBe(PROBLEM + 'service-not-assigned');
    expect(documents()).toEqual([['UserGetRequest23V2', 'UserServiceIsAssignedRequest']]);
  });

  it.each([
    ['GET', 'available_assistants/', undefined],
    ['GET', 'assistants/', undefined],
    ['PUT', 'assistants/', { allowOptInOut: true }],
    ['GET', 'filtering/', undefined],
    ['PUT', 'filtering/', { enabled: true }],
    ['GET', 'screening/', undefined],
    ['PUT', 'screening/', { enabled: true }],
    ['GET', 'alerting/', undefined],
    ['PUT', 'alerting/', { nextAssistantAfter: 3 }],
    ['POST', 'criteria/', { name: 'X' }],
    ['POST', 'criteria/', { name: 'X', active: true }],
    ['GET', 'criteria/X/', undefined],
    ['PUT', 'criteria/X/', { filter: false }],
    ['PUT', 'criteria/X/', { filter: false, active: true }],
    ['DELETE', 'criteria/X/', undefined],
  ])('Executive not assigned: %s %s %j → 404', async (method, path, body) => {
    const base = userBase('acme-ent', 'acme-hq', 'plain1@acme.example.com') + 'services/executive/';
    const res = await call(gw, method, base + path, { body, token: await tenantAdmin() });
    expect(res.status).toBe(404);
    expect(res.json.type).toBe(PROBLEM + 'service-not-assigned');
    expect(res.json.ociError?.summary).toBeUndefined(); // no summary for non-system callers
    // Decided by UserServiceIsAssignedRequest in the membership document: no Executive command went out.
    expect(documents()).toEqual([['UserGetRequest23V2', 'UserServiceIsAssignedRequest']]);
  });

  it('"not assigned" needs no error code: with the server using another code than 4410, still 404 and no Executive command sent', async () => {
    await gw.sim.setFaults({ notAssignedCode: 4999 });
    const base = userBase('acme-ent', 'acme-hq', 'plain1@acme.example.com') + 'services/executive/';
    for (const [method, path, body] of [
      ['GET', 'alerting/', undefined],
      ['PUT', 'screening/', { enabled: true }],
    ] as const) {
      gw.sim.clearRequestLog();
      const res = await call(gw, method, base + path, { body });
      expect(res.status).toBe(404);
      expect(res.json.type).toBe(PROBLEM + 'service-not-assigned');
      expect(res.json.detail).toBe('the Executive service is not assigned to the user');
      expect(documents()).toEqual([['UserGetRequest23V2', 'UserServiceIsAssignedRequest']]);
    }
  });

  it('non-JSON body → 415; invalid JSON → 400; nothing sent', async () => {
    expect(
      (await call(gw, 'PUT', EXEC1 + 'screening/', { rawBody: 'enabled=true', contentType: 'text/plain' })).status,
    ).toBe(415);
    const bad = await call(gw, 'PUT', EXEC1 + 'screening/', { rawBody: '{"enabled": true,}' });
    expect(bad.status).toBe(400);
    expect(bad.json.type).toBe(PROBLEM + 'invalid-json');
    expect(documents()).toEqual([]);
  });

  it.each([
    ['null', 'null'],
    ['42', 'a number'],
    ['"on"', 'a string'],
    ['true', 'a boolean'],
  ])(
    'a JSON body %s is valid JSON but not an object → 400 validation-error saying it must be an object; nothing sent',
    async (raw, got) => {
      const res = await call(gw, 'PUT', EXEC1 + 'screening/', { rawBody: raw });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        type: PROBLEM + 'validation-error',
        detail: `the body must be a JSON object, not ${got}`,
        errors: [{ pointer: '', message: `the body must be a JSON object, not ${got}` }],
      });
      expect(res.json.detail).not.toContain('not valid JSON');
      expect(documents()).toEqual([]);
    },
  );

  it('a body with a trailing comma (as in the APIO examples) → 400 saying where parsing stopped', async () => {
    const seedStyle = '{\n  "enabled": true,\n  "alertType": "Silent",\n}';
    const res = await call(gw, 'PUT', EXEC1 + 'screening/', { rawBody: seedStyle });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      type: PROBLEM + 'invalid-json',
      detail: 'the body is not valid JSON: parsing stopped at line 4, column 1 (property name expected)',
      line: 4,
      column: 1,
    });
    const token = await call(gw, 'PUT', EXEC1 + 'screening/', { rawBody: '{"enabled": tru}' });
    expect(token.json).toMatchObject({ line: 1, column: 13 });
    expect(documents()).toEqual([]);
  });

  it('unknown keys, XML-unsafe strings and token spaces → 400 listing each field; nothing sent', async () => {
    const res = await call<ValidationProblem>(gw, 'PUT', EXEC1 + 'alerting/', {
      body: {
        enable: true,
        cliCustomName: 'Bad\u0007bell',
        cliCustomNameUnicode: ' padded',
        rolloverForwardTo: '+32\uFFFF',
        cliCustomPhoneNumber: '+32  1',
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.type).toBe(PROBLEM + 'validation-error');
    expect(pointers(res.json)).toEqual([
      '/cliCustomName',
      '/cliCustomNameUnicode',
      '/cliCustomPhoneNumber',
      '/enable',
      '/rolloverForwardTo',
    ]);
    const lone = await call(gw, 'PUT', EXEC1 + 'alerting/', { rawBody: '{"cliCustomName":"a\\ud800b"}' });
    expect(lone.status).toBe(400);
    expect(documents()).toEqual([]);
  });

  it('known path, method it does not serve → 405 with Allow; nothing sent', async () => {
    const del = await call(gw, 'DELETE', EXEC1 + 'assistants/');
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD, PUT, OPTIONS');
    expect(del.json.type).toBe(PROBLEM + 'method-not-allowed');
    const list = await call(gw, 'GET', EXEC1 + 'criteria');
    expect(list.status).toBe(405);
    expect(list.headers.get('allow')).toBe('POST, OPTIONS');
    const patch = await call(gw, 'PATCH', EXEC1 + 'criteria/VIP%20callers/');
    expect(patch.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
    const login = await call(gw, 'GET', '/api/v1/login/');
    expect(login.status).toBe(405);
    expect(login.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await call(gw, 'GET', '/api/v1/logout/')).headers.get('allow')).toBe('POST, OPTIONS');
    expect(documents()).toEqual([]);
  });

  it('unknown path → 404 problem', async () => {
    const res = await call(gw, 'GET', EXEC1 + 'nothing-here/');
    expect(res.status).toBe(404);
    expect(res.json.type).toBe(PROBLEM + 'not-found');
  });

  it('a refused write: neither code nor summary for non-system callers (they could tell ids apart), summary in the logs', async () => {
    await call(gw, 'GET', EXEC1 + 'screening/');
    const res = await call(gw, 'PUT', EXEC1 + 'assistants/', {
      body: { assistantUserIds: ['other1@gamma.example.com'] },
      token: await tenantAdmin(),
    });
    expect(res.status).toBe(400);
    expect(res.json).not.toHaveProperty('ociError');
    expect(JSON.stringify(res.json)).not.toContain('gamma');
    expect(JSON.stringify(gw.logs)).toContain('other1@gamma.example.com');
  });
});

describe('Executive over a failing backend', () => {
  let gw: Gateway;
  beforeEach(async () => {
    gw = await startGateway({ env: { OCI_TIMEOUT_MS: '300', OCI_BREAKER_RESET_MS: '60000' } });
    await call(gw, 'GET', EXEC1 + 'screening/');
  });
  afterEach(async () => {
    await gw.sim.setFaults({ down: false, dropRate: 0, latencyMs: 0 });
    await gw.close();
  });

  it('backend down → 503 with Retry-After', async () => {
    await gw.sim.setFaults({ down: true });
    const res = await call(gw, 'GET', EXEC1 + 'screening/');
    expect(res.status).toBe(503);
    expect(res.json.type).toBe(PROBLEM + 'backend-unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('a write whose connection drops after execution → outcome unknown (502), audit says unknown', async () => {
    await gw.sim.setFaults({ dropRate: 1, dropPhase: 'after' });
    const res = await call(gw, 'PUT', EXEC1 + 'screening/', { body: { enabled: true } });
    expect([502, 504]).toContain(res.status);
    expect(res.json.type).toBe(PROBLEM + 'outcome-unknown');
    const audit = gw.logs.filter((l) => l.msg === 'audit').pop()!.obj.audit as Record<string, unknown>;
    expect(audit.outcome).toBe('unknown');
  });

  it('a read that does not answer in time → 504', async () => {
    await gw.sim.setFaults({ latencyMs: 2000 });
    const res = await call(gw, 'GET', EXEC1 + 'screening/');
    expect(res.status).toBe(504);
    expect(res.json.type).toBe(PROBLEM + 'backend-timeout');
  });
});
