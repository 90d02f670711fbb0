import type { Principal } from '../../src/http/principal';
import { printDemoTokens } from '../../src/http/auth/demo-tokens';
import { fixturePath } from '../../src/simulator/paths';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

let gw: Gateway;
const EXEC1 = 'exec1@acme.example.com';
const EXEC2 = 'exec2@acme.example.com';
const E1 = userBase('acme-ent', 'acme-hq', EXEC1) + 'services/executive/';
const E2 = userBase('acme-ent', 'acme-hq', EXEC2) + 'services/executive/';
const ea = (group: string, user: string) =>
  userBase('acme-ent', group, user) + 'services/executive_assistant/executives/';

const userToken = (tenantId: string, groupId: string, userId: string) =>
  gw.token({ sub: userId, level: 'user', tenantId, groupId, userId } satisfies Partial<Principal>);
let asst1: string; // acme-hq, opted in with exec1; exec2 does not allow opt-in/out
let asst2: string; // acme-branch (another group), opted out with exec1
let asst3: string; // acme-branch, assists nobody
let other1: string; // gamma-ent: another tenant

beforeAll(async () => {
  gw = await startGateway();
  asst1 = await userToken('acme-ent', 'acme-hq', 'asst1@acme.example.com');
  asst2 = await userToken('acme-ent', 'acme-branch', 'asst2@acme.example.com');
  asst3 = await userToken('acme-ent', 'acme-branch', 'asst3@acme.example.com');
  other1 = await userToken('gamma-ent', 'gamma-office', 'other1@gamma.example.com');
});
afterAll(async () => gw.close());
beforeEach(async () => {
  gw.sim.reset();
  // Unchanged PUT assistants/ through the gateway: drops what earlier tests left in its delegation cache.
  const sys = await gw.token();
  const e1 = { allowOptInOut: true, assistantUserIds: ['asst1@acme.example.com', 'asst2@acme.example.com'] };
  expect((await call(gw, 'PUT', E1 + 'assistants/', { token: sys, body: e1 })).status).toBe(200);
  expect((await call(gw, 'PUT', E2 + 'assistants/', { token: sys, body: { allowOptInOut: false } })).status).toBe(200);
  gw.sim.clearRequestLog();
  gw.logs.length = 0;
});

const sent = () => gw.sim.requestLog().flatMap((e) => e.commandTypes);
const delegationReads = () => sent().filter((t) => t === 'UserExecutiveGetAssistantRequest').length;
const audits = () => gw.logs.filter((l) => l.msg === 'audit').map((l) => l.obj.audit as Record<string, unknown>);

describe('an opted-in assistant acts for its executive', () => {
  it.each([
    ['GET', 'filtering/', undefined],
    ['PUT', 'filtering/', { enabled: true }],
    ['GET', 'screening/', undefined],
    ['PUT', 'screening/', { alertType: 'Ring Splash' }],
    ['GET', 'alerting/', undefined],
    ['PUT', 'alerting/', { nextAssistantAfter: 4 }],
    ['POST', 'criteria/', { name: 'From the assistant' }],
    ['GET', 'criteria/VIP%20callers/', undefined],
    ['PUT', 'criteria/VIP%20callers/', { filter: false }],
    ['DELETE', 'criteria/VIP%20callers/', undefined],
  ])('%s %s → 200', async (method, path, body) => {
    const res = await call(gw, method, E1 + path, { token: asst1, body });
    expect(res.status).toBe(200);
  });

  it('a write carries actingFor in its audit line; the answer is cached (one delegation read for two calls)', async () => {
    expect((await call(gw, 'PUT', E1 + 'screening/', { token: asst1, body: { enabled: true } })).status).toBe(200);
    expect((await call(gw, 'GET', E1 + 'screening/', { token: asst1 })).status).toBe(200);
    expect(delegationReads()).toBe(1);
    expect(audits()).toEqual([
      expect.objectContaining({ sub: 'asst1@acme.example.com', level: 'user', actingFor: EXEC1, outcome: 'applied' }),
    ]);
  });

  it('the executive itself is not "acting for": no actingFor, no delegation read', async () => {
    gw.logs.length = 0;
    const own = await userToken('acme-ent', 'acme-hq', EXEC1);
    expect((await call(gw, 'PUT', E1 + 'screening/', { token: own, body: { enabled: true } })).status).toBe(200);
    expect(audits()[0]).not.toHaveProperty('actingFor');
    expect(delegationReads()).toBe(0);
  });

  it('where the executive does not allow opt-in/out, a listed assistant counts as opted in (even if it opted out before)', async () => {
    const sys = await gw.token();
    // exec2 lets assistants opt in/out, asst1 opts out, then exec2 stops allowing opt-in/out.
    await call(gw, 'PUT', E2 + 'assistants/', { token: sys, body: { allowOptInOut: true } });
    const out = await call(gw, 'PUT', ea('acme-hq', 'asst1@acme.example.com'), {
      token: asst1,
      body: { executiveUsers: [{ userId: EXEC2, optInStatus: false }] },
    });
    expect(out.status).toBe(200);
    expect((await call(gw, 'GET', E2 + 'filtering/', { token: asst1 })).status).toBe(403);
    await call(gw, 'PUT', E2 + 'assistants/', { token: sys, body: { allowOptInOut: false } });
    const res = await call(gw, 'GET', E2 + 'filtering/', { token: asst1 });
    expect(res.status).toBe(200);
  });
});

describe('refusals', () => {
  it.each([
    ['GET', 'assistants/'],
    ['PUT', 'assistants/'],
    ['GET', 'available_assistants/'],
    ['GET', 'nothing-here/'],
  ])('%s %s: 403 with no OCI traffic, even for an opted-in assistant', async (method, path) => {
    const res = await call(gw, method, E1 + path, {
      token: asst1,
      body: method === 'PUT' ? { allowOptInOut: true } : undefined,
    });
    expect(res.status).toBe(403);
    expect(res.json.type).toMatch(/forbidden$/);
    expect(sent()).toEqual([]);
  });

  it('a user token of another tenant: 403 with no OCI traffic', async () => {
    const res = await call(gw, 'GET', E1 + 'filtering/', { token: other1 });
    expect(res.status).toBe(403);
    expect(sent()).toEqual([]);
  });

  it('an assistant of nobody, and an opted-out assistant: 403 after one read; the "no" is cached', async () => {
    expect((await call(gw, 'GET', E1 + 'filtering/', { token: asst3 })).status).toBe(403);
    expect((await call(gw, 'GET', E1 + 'filtering/', { token: asst2 })).status).toBe(403);
    expect((await call(gw, 'GET', E1 + 'screening/', { token: asst2 })).status).toBe(403);
    expect(sent()).toEqual(['UserExecutiveGetAssistantRequest', 'UserExecutiveGetAssistantRequest']);
  });
});

describe('the cache follows changes made through this gateway', () => {
  it('an opt-in change clears the executive entries: an assistant of another group is let in at once', async () => {
    expect((await call(gw, 'GET', E1 + 'filtering/', { token: asst2 })).status).toBe(403);
    const optIn = await call(gw, 'PUT', ea('acme-branch', 'asst2@acme.example.com'), {
      token: asst2,
      body: { executiveUsers: [{ userId: EXEC1, optInStatus: true }] },
    });
    expect(optIn.status).toBe(200);
    expect((await call(gw, 'GET', E1 + 'filtering/', { token: asst2 })).status).toBe(200);
    // and opting out again refuses at once
    await call(gw, 'PUT', ea('acme-branch', 'asst2@acme.example.com'), {
      token: asst2,
      body: { executiveUsers: [{ userId: EXEC1, optInStatus: false }] },
    });
    expect((await call(gw, 'GET', E1 + 'filtering/', { token: asst2 })).status).toBe(403);
  });

  it('a PUT assistants/ that removes the assistant clears its cached "yes"', async () => {
    expect((await call(gw, 'GET', E1 + 'filtering/', { token: asst1 })).status).toBe(200);
    const sys = await gw.token();
    const put = await call(gw, 'PUT', E1 + 'assistants/', {
      token: sys,
      body: { assistantUserIds: ['asst2@acme.example.com'] },
    });
    expect(put.status).toBe(200);
    expect((await call(gw, 'GET', E1 + 'filtering/', { token: asst1 })).status).toBe(403);
  });
});

test('the OpenAPI document marks exactly the routes that accept a delegated assistant', async () => {
  const res = await fetch(gw.url + '/openapi.json');
  const doc = (await res.json()) as {
    paths: Record<string, Record<string, { operationId: string; 'x-delegated-assistant'?: boolean }>>;
  };
  const marked = Object.values(doc.paths)
    .flatMap((item) => Object.values(item))
    .filter((op) => op['x-delegated-assistant'] === true)
    .map((op) => op.operationId)
    .sort();
  expect(marked).toEqual(
    [
      'getExecutiveFiltering',
      'updateExecutiveFiltering',
      'getExecutiveScreening',
      'updateExecutiveScreening',
      'getExecutiveAlerting',
      'updateExecutiveAlerting',
      'createExecutiveCriteria',
      'getExecutiveCriteria',
      'updateExecutiveCriteria',
      'deleteExecutiveCriteria',
    ].sort(),
  );
});

test('npm start prints an assistant token whose curls work as printed: its own executives, and acting for its executive', async () => {
  const out: string[] = [];
  const auth = { issueToken: (p: Principal) => gw.token(p) };
  await printDemoTokens(auth, (l) => out.push(l), { baseUrl: gw.url, dataFile: fixturePath('demo-data.json') });
  const text = out.join('\n');
  const curls = [...text.matchAll(/curl -s -H 'Authorization: Bearer ([^']+)' '([^']+)'/g)];
  expect(curls).toHaveLength(3);
  const [, , own] = curls[1];
  const [, token, delegatedUrl] = curls[2];
  expect(text).toContain('End-user token for asst1@acme.example.com, an opted-in assistant of exec1@acme.example.com');
  expect(own).toMatch(/\/users\/asst1%40acme\.example\.com\/services\/executive_assistant\/executives\/$/);
  expect(delegatedUrl).toMatch(/\/users\/exec1%40acme\.example\.com\/services\/executive\/filtering\/$/);
  for (const url of [own, delegatedUrl]) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  }
});
