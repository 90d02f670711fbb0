import type { Assistants, Filtering } from '../helpers/executive';
import { pointers, type ValidationProblem } from '../helpers/http';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

let gw: Gateway;
const EXEC1 = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw.close());
beforeEach(async () => {
  gw.sim.reset();
  await call(gw, 'GET', EXEC1 + 'screening/'); // warm membership: each write below is then one document
  gw.sim.clearRequestLog();
});

const documents = () => gw.sim.requestLog().map((e) => e.commandTypes);

// The APIO examples, with `enable` → `enabled` and trailing commas fixed.
const SCREENING_EXAMPLE = {
  enabled: true,
  alertType: 'Ring Splash',
  alertMobilityLocation: true,
  alertAnywhereLocations: false,
  alertSharedCallAppearanceLocations: true,
};
const ALERTING_EXAMPLE = {
  mode: 'Sequential',
  cliNameMode: 'Custom',
  cliCustomName: 'Test User',
  cliCustomNameUnicode: 'Test User Unicode',
  cliPhoneNumberMode: 'Custom',
  cliCustomPhoneNumber: '+32495575607',
  callPushRecallAfter: 4,
  nextAssistantAfter: 5,
  rolloverEnabled: true,
  rolloverWaitTime: 30,
  rolloverAction: 'Forward',
  rolloverForwardTo: '+3223661285',
};

describe('Executive writes over HTTP', () => {
  it('PUT screening (document example): one document Modify+Get, answers the new state, alerting untouched', async () => {
    const alertingBefore = (await call(gw, 'GET', EXEC1 + 'alerting/')).json;
    gw.sim.clearRequestLog();
    const res = await call(gw, 'PUT', EXEC1 + 'screening/', { body: SCREENING_EXAMPLE });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(SCREENING_EXAMPLE);
    expect(documents()).toEqual([
      ['UserExecutiveModifyScreeningAlertingRequest', 'UserExecutiveGetScreeningAlertingRequest'],
    ]);
    expect(gw.sim.requestLog()[0].xml).not.toMatch(
      /<(alerting|unicodeAlerting|enableRollover|rollover|callPushRecall|nextAssistant)/,
    );
    expect((await call(gw, 'GET', EXEC1 + 'screening/')).json).toEqual(SCREENING_EXAMPLE);
    expect((await call(gw, 'GET', EXEC1 + 'alerting/')).json).toEqual(alertingBefore);
  });

  it('PUT screening with the field list spelling `enable`: accepted as `enabled`, answered as `enabled`', async () => {
    const res = await call(gw, 'PUT', EXEC1 + 'screening/', { body: { enable: false } });
    expect(res.status).toBe(200);
    expect(res.json.enabled).toBe(false);
    expect(res.json).not.toHaveProperty('enable');
    expect(gw.sim.requestLog()[0].xml).toContain('<enableScreening>false</enableScreening>');
    const both = await call(gw, 'PUT', EXEC1 + 'screening/', { body: { enable: true, enabled: true } });
    expect(both.status).toBe(200);
    expect(both.json.enabled).toBe(true);
  });

  it('PUT screening with `enable` and `enabled` that differ → 400 and nothing sent', async () => {
    const res = await call(gw, 'PUT', EXEC1 + 'screening/', { body: { enable: true, enabled: false } });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ pointer: '/enable' })]);
    expect(documents()).toEqual([]);
  });

  it('PUT alerting (document example): round trip, screening untouched', async () => {
    const screeningBefore = (await call(gw, 'GET', EXEC1 + 'screening/')).json;
    const res = await call(gw, 'PUT', EXEC1 + 'alerting/', { body: ALERTING_EXAMPLE });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(ALERTING_EXAMPLE);
    expect((await call(gw, 'GET', EXEC1 + 'alerting/')).json).toEqual(ALERTING_EXAMPLE);
    expect((await call(gw, 'GET', EXEC1 + 'screening/')).json).toEqual(screeningBefore);
  });

  it('partial PUT alerting changes only the given key; null clears a nillable one', async () => {
    await call(gw, 'PUT', EXEC1 + 'alerting/', { body: ALERTING_EXAMPLE });
    const res = await call(gw, 'PUT', EXEC1 + 'alerting/', { body: { nextAssistantAfter: 7 } });
    expect(res.json).toEqual({ ...ALERTING_EXAMPLE, nextAssistantAfter: 7 });
    const cleared = await call(gw, 'PUT', EXEC1 + 'alerting/', {
      body: { cliNameMode: 'Executive', cliCustomNameUnicode: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toEqual({
      ...ALERTING_EXAMPLE,
      nextAssistantAfter: 7,
      cliNameMode: 'Executive',
      cliCustomNameUnicode: null,
    });
  });

  it('PUT alerting with an out-of-range value → 400 with a pointer, nothing sent', async () => {
    const res = await call<ValidationProblem>(gw, 'PUT', EXEC1 + 'alerting/', {
      body: { rolloverWaitTime: 7201, callPushRecallAfter: 'four' },
    });
    expect(res.status).toBe(400);
    expect(pointers(res.json)).toEqual(['/callPushRecallAfter', '/rolloverWaitTime']);
    expect(documents()).toEqual([]);
  });

  it('PUT assistants replaces the list; [] clears it', async () => {
    const res = await call<Assistants>(gw, 'PUT', EXEC1 + 'assistants/', {
      body: { allowOptInOut: false, assistantUserIds: ['asst3@acme.example.com', 'asst1@acme.example.com'] },
    });
    expect(res.status).toBe(200);
    expect(res.json.allowOptInOut).toBe(false);
    expect(res.json.assistantUsers.map((u) => u.userId)).toEqual(['asst3@acme.example.com', 'asst1@acme.example.com']);
    expect(documents()).toEqual([['UserExecutiveModifyAssistantRequest', 'UserExecutiveGetAssistantRequest']]);
    const cleared = await call(gw, 'PUT', EXEC1 + 'assistants/', { body: { assistantUserIds: [] } });
    expect(cleared.json).toEqual({ allowOptInOut: false, assistantUsers: [] });
    expect(gw.sim.requestLog()[1].xml).toMatch(/assistantUserIdList xsi:nil="true"/);
  });

  it('PUT assistants with an unknown assistant → 400 pointing at it, list unchanged', async () => {
    const before = (await call(gw, 'GET', EXEC1 + 'assistants/')).json;
    const res = await call(gw, 'PUT', EXEC1 + 'assistants/', {
      body: { assistantUserIds: ['asst1@acme.example.com', 'ghost@acme.example.com'] },
    });
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('https://oci-gateway.dev/problems/rejected-by-backend');
    expect(res.json.errors).toEqual([
      {
        pointer: '/assistantUserIds/1',
        message: 'refused by BroadWorks',
        details: { errors: [{ error_code: res.json.ociError?.code, summary: res.json.ociError?.summary }] },
      },
    ]);
    expect((await call(gw, 'GET', EXEC1 + 'assistants/')).json).toEqual(before);
  });

  it('PUT filtering (document example): only `active` of criteria items changes, other keys ignored', async () => {
    const body = {
      enabled: false,
      mode: 'Advanced',
      type: 'All Calls',
      criteria: [{ name: 'VIP callers', active: false, filter: 'ignored', whatever: 1 }],
    };
    const res = await call<Filtering>(gw, 'PUT', EXEC1 + 'filtering/', { body });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ enabled: false, mode: 'Advanced', type: 'All Calls' });
    const vip = res.json.criteria.find((c) => c.name === 'VIP callers');
    expect(vip?.active).toBe(false);
    expect(vip?.filter).toBe(true);
    expect(documents()).toEqual([
      ['UserExecutiveModifyFilteringRequest', 'UserExecutiveGetFilteringRequest'],
      Array(3).fill('UserExecutiveGetFilteringSelectiveCriteriaRequest21'),
    ]);
    expect((await call(gw, 'GET', EXEC1 + 'filtering/')).json).toEqual(res.json);
  });

  it('writes one audit line per write', async () => {
    await call(gw, 'PUT', EXEC1 + 'screening/', { body: { enabled: false } });
    const audit = gw.logs.filter((l) => l.msg === 'audit').pop()!.obj.audit as Record<string, unknown>;
    expect(audit).toMatchObject({
      method: 'PUT',
      path: EXEC1 + 'screening/',
      ociCommands: ['UserExecutiveModifyScreeningAlertingRequest', 'UserExecutiveGetScreeningAlertingRequest'],
      outcome: 'applied',
    });
  });
});
