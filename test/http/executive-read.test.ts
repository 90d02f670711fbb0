import { request } from 'undici';
import { serviceMappings } from '../../mappings';
import type { Assistants, AvailableAssistants, Filtering } from '../helpers/executive';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

let gw: Gateway;
const EXEC1 = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';
const responseOf = (method: string, path: string) =>
  serviceMappings.flatMap((m) => m.operations).find((o) => o.method === method && o.path === path)!.response;

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw.close());
beforeEach(() => {
  gw.sim.reset();
  gw.sim.clearRequestLog();
});

const documents = () => gw.sim.requestLog().map((e) => e.commandTypes);

describe('Executive reads over HTTP', () => {
  it('GET alerting: membership first in its own document, then one document; all 12 keys', async () => {
    const res = await call(gw, 'GET', EXEC1 + 'alerting/');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual([
      'callPushRecallAfter',
      'cliCustomName',
      'cliCustomNameUnicode',
      'cliCustomPhoneNumber',
      'cliNameMode',
      'cliPhoneNumberMode',
      'mode',
      'nextAssistantAfter',
      'rolloverAction',
      'rolloverEnabled',
      'rolloverForwardTo',
      'rolloverWaitTime',
    ]);
    expect(responseOf('get', 'services/executive/alerting/').safeParse(res.json).success).toBe(true);
    expect(res.headers.get('etag')).toMatch(/^".+"$/);
    const docs = documents();
    // The membership check may already be cached by an earlier test of this file.
    expect(docs[docs.length - 1]).toEqual(['UserExecutiveGetScreeningAlertingRequest']);
    if (docs.length === 2) expect(docs[0]).toEqual(['UserGetRequest23V2', 'UserServiceIsAssignedRequest']);
    gw.sim.clearRequestLog();
    await call(gw, 'GET', EXEC1 + 'alerting');
    expect(documents()).toEqual([['UserExecutiveGetScreeningAlertingRequest']]);
  });

  it('GET alerting: a JSON answer with its length; the same ETag in If-None-Match answers 304 with no body', async () => {
    const res = await call(gw, 'GET', EXEC1 + 'alerting/');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(res.json)));
    const etag = res.headers.get('etag')!;
    // undici's request, not fetch: fetch turns a conditional request into a reload (Cache-Control: no-cache).
    const conditional = (tag: string) =>
      request(gw.url + EXEC1 + 'alerting/', { headers: { authorization: `Bearer ${token}`, 'if-none-match': tag } });
    const token = await gw.token();
    const again = await conditional(etag);
    expect(again.statusCode).toBe(304);
    expect(await again.body.text()).toBe('');
    const changed = await conditional('"stale"');
    expect(changed.statusCode).toBe(200);
    expect(await changed.body.json()).toEqual(res.json);
  });

  it('GET screening: the 5 documented keys with `enabled`', async () => {
    const res = await call(gw, 'GET', EXEC1 + 'screening/');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual([
      'alertAnywhereLocations',
      'alertMobilityLocation',
      'alertSharedCallAppearanceLocations',
      'alertType',
      'enabled',
    ]);
    expect(typeof res.json.enabled).toBe('boolean');
  });

  it('GET assistants: user summaries with E.164 phone numbers and departments, and each opt-in status', async () => {
    const res = await call<Assistants>(gw, 'GET', EXEC1 + 'assistants/');
    expect(res.status).toBe(200);
    expect(responseOf('get', 'services/executive/assistants/').safeParse(res.json).success).toBe(true);
    expect(res.json.allowOptInOut).toBe(true);
    const asst1 = res.json.assistantUsers.find((u) => u.userId === 'asst1@acme.example.com');
    expect(asst1).toEqual({
      userId: 'asst1@acme.example.com',
      firstName: 'Carla',
      lastName: 'Peeters',
      phoneNumber: '+3269441552',
      extension: '1552',
      department: {
        tenantId: 'acme-ent',
        groupId: 'acme-hq',
        departmentName: 'Sales',
        fullPathName: 'Sales (acme-hq)',
      },
      emailAddress: 'asst1@acme.example.com',
      optInStatus: true,
    });
    const asst2 = res.json.assistantUsers.find((u) => u.userId === 'asst2@acme.example.com');
    expect(asst2?.optInStatus).toBe(false);
    expect(asst2?.department).toEqual({
      tenantId: 'acme-ent',
      groupId: null,
      departmentName: 'Support',
      fullPathName: 'Support (acme-ent)',
    });
  });

  it('GET available_assistants: same group by default; sameGroupOnly=false by query or JSON body widens it', async () => {
    const ids = (r: { json: AvailableAssistants }) => r.json.users.map((u) => u.userId).sort();
    const dflt = await call<AvailableAssistants>(gw, 'GET', EXEC1 + 'available_assistants/');
    expect(dflt.status).toBe(200);
    expect(responseOf('get', 'services/executive/available_assistants/').safeParse(dflt.json).success).toBe(true);
    const wide = await call<AvailableAssistants>(gw, 'GET', EXEC1 + 'available_assistants/?sameGroupOnly=0');
    const byBody = await call<AvailableAssistants>(gw, 'GET', EXEC1 + 'available_assistants/', {
      body: { sameGroupOnly: false },
    });
    expect(ids(wide)).toEqual(ids(byBody));
    expect(ids(wide)).toEqual(expect.arrayContaining(['asst3@acme.example.com']));
    expect(ids(dflt)).not.toContain('asst3@acme.example.com');
    const sent = gw.sim
      .requestLog()
      .filter((e) => e.commandTypes[0] === 'UserExecutiveGetAvailableAssistantListRequest');
    expect(sent[0].xml).toContain('searchCriteriaExactUserGroup');
    expect(sent[1].xml).not.toContain('searchCriteriaExactUserGroup');
  });

  it('GET available_assistants?sameGroupOnly=yes → 400 and nothing sent', async () => {
    const res = await call(gw, 'GET', EXEC1 + 'available_assistants/?sameGroupOnly=yes');
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ parameter: 'sameGroupOnly' })]);
    expect(documents()).toEqual([]);
  });

  it('GET filtering: settings + table, then every criteria in one more document', async () => {
    await call(gw, 'GET', EXEC1 + 'screening/'); // warm the membership cache
    gw.sim.clearRequestLog();
    const res = await call<Filtering>(gw, 'GET', EXEC1 + 'filtering/');
    expect(res.status).toBe(200);
    expect(responseOf('get', 'services/executive/filtering/').safeParse(res.json).success).toBe(true);
    expect(res.json.criteria).toHaveLength(3);
    const vip = res.json.criteria.find((c) => c.name === 'VIP callers');
    expect(vip).toMatchObject({
      active: true,
      timeSchedule: { level: 'User', name: 'Office hours', type: 'Time' },
      holidaySchedule: { level: 'Tenant', name: 'Public holidays', type: 'Holiday' },
    });
    expect(documents()).toEqual([
      ['UserExecutiveGetFilteringRequest'],
      Array(3).fill('UserExecutiveGetFilteringSelectiveCriteriaRequest21'),
    ]);
  });

  it('GET criteria/{name}: URL-decoded name, criteria and table in one document', async () => {
    await call(gw, 'GET', EXEC1 + 'screening/');
    gw.sim.clearRequestLog();
    const res = await call(gw, 'GET', EXEC1 + 'criteria/VIP%20callers/');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual([
      'active',
      'filter',
      'fromDnCriteria',
      'holidaySchedule',
      'name',
      'timeSchedule',
    ]);
    expect(res.json.name).toBe('VIP callers');
    expect(documents()).toEqual([
      ['UserExecutiveGetFilteringSelectiveCriteriaRequest21', 'UserExecutiveGetFilteringRequest'],
    ]);
  });

  it('GET criteria/{name} of a criteria that does not exist → 404', async () => {
    const res = await call(gw, 'GET', EXEC1 + 'criteria/Nobody/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.json.type).toBe('https://oci-gateway.dev/problems/resource-not-found');
  });
});
