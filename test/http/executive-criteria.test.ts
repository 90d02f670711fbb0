import { anyOf } from '../helpers/matchers';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

let gw: Gateway;
const EXEC1 = userBase('acme-ent', 'acme-hq', 'exec1@acme.example.com') + 'services/executive/';

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw.close());
beforeEach(async () => {
  gw.sim.reset();
  await call(gw, 'GET', EXEC1 + 'screening/');
  gw.sim.clearRequestLog();
});

const documents = () => gw.sim.requestLog().map((e) => e.commandTypes);

// The APIO example (trailing comma fixed), with schedules that exist in the demo data.
const EXAMPLE = {
  name: 'Test Criteria 1',
  timeSchedule: { level: 'User', name: 'Office hours', type: 'Time' },
  holidaySchedule: { level: 'Tenant', name: 'Public holidays', type: 'Holiday' },
  filter: false,
  fromDnCriteria: {
    selection: 'Specified Only',
    includeAnonymousCallers: true,
    includeUnavailableCallers: true,
    phoneNumbers: ['+3223661285', '+3267219021'],
  },
  active: true,
};

describe('Executive criteria over HTTP', () => {
  it('life-cycle: POST, GET, PUT with rename, DELETE', async () => {
    const created = await call(gw, 'POST', EXEC1 + 'criteria/', { body: EXAMPLE });
    expect(created.status).toBe(200);
    expect(created.json).toEqual(EXAMPLE);
    expect(documents()).toEqual([
      ['UserExecutiveAddFilteringSelectiveCriteriaRequest'],
      [
        'UserExecutiveModifyFilteringRequest',
        'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
        'UserExecutiveGetFilteringRequest',
      ],
    ]);
    expect((await call(gw, 'GET', EXEC1 + 'criteria/Test%20Criteria%201/')).json).toEqual(EXAMPLE);

    gw.sim.clearRequestLog();
    const renamed = await call(gw, 'PUT', EXEC1 + 'criteria/Test%20Criteria%201', {
      body: { name: 'Renamed one', active: false, holidaySchedule: null },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toEqual({ ...EXAMPLE, name: 'Renamed one', active: false, holidaySchedule: null });
    expect(gw.sim.requestLog()[1].xml).toContain('<criteriaName>Renamed one</criteriaName>');
    expect((await call(gw, 'GET', EXEC1 + 'criteria/Test%20Criteria%201/')).status).toBe(404);
    expect((await call(gw, 'GET', EXEC1 + 'criteria/Renamed%20one/')).json).toEqual(renamed.json);

    gw.sim.clearRequestLog();
    const deleted = await call(gw, 'DELETE', EXEC1 + 'criteria/Renamed%20one/');
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ name: 'Renamed one' });
    expect(documents()).toEqual([
      ['UserExecutiveDeleteFilteringSelectiveCriteriaRequest', 'UserExecutiveGetFilteringRequest'],
    ]);
    expect((await call(gw, 'GET', EXEC1 + 'criteria/Renamed%20one/')).status).toBe(404);
    expect((await call(gw, 'DELETE', EXEC1 + 'criteria/Renamed%20one/')).status).toBe(404);
  });

  it('partial PUT keeps the name and the other fields; one document without `active`', async () => {
    const before = (await call(gw, 'GET', EXEC1 + 'criteria/VIP%20callers/')).json;
    gw.sim.clearRequestLog();
    const res = await call(gw, 'PUT', EXEC1 + 'criteria/VIP%20callers/', { body: { filter: !before.filter } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ...before, filter: !before.filter });
    expect(documents()).toEqual([
      [
        'UserExecutiveModifyFilteringSelectiveCriteriaRequest',
        'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
        'UserExecutiveGetFilteringRequest',
      ],
    ]);
  });

  it('a duplicate POST with active=false answers 400 and leaves the existing criteria untouched', async () => {
    const before = (await call(gw, 'GET', EXEC1 + 'criteria/VIP%20callers/')).json;
    expect(before.active).toBe(true);
    gw.sim.clearRequestLog();
    const res = await call(gw, 'POST', EXEC1 + 'criteria/', {
      body: { ...EXAMPLE, name: 'VIP callers', active: false },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      {
        pointer: '/name',
        message: 'refused by BroadWorks',
        details: { errors: [{ error_code: res.json.ociError?.code, summary: res.json.ociError?.summary }] },
      },
    ]);
    expect(documents().flat()).not.toContain('UserExecutiveModifyFilteringRequest');
    expect((await call(gw, 'GET', EXEC1 + 'criteria/VIP%20callers/')).json).toEqual(before);
  });

  it('POST without filter and fromDnCriteria uses the documented defaults, in one document', async () => {
    const res = await call(gw, 'POST', EXEC1 + 'criteria/', { body: { name: 'Minimal' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      name: 'Minimal',
      timeSchedule: null,
      holidaySchedule: null,
      filter: true,
      fromDnCriteria: {
        selection: 'Any',
        includeAnonymousCallers: false,
        includeUnavailableCallers: false,
        phoneNumbers: [],
      },
      active: anyOf(Boolean),
    });
    expect(documents()).toHaveLength(1);
  });

  it('PUT or DELETE of a missing criteria → 404', async () => {
    expect((await call(gw, 'PUT', EXEC1 + 'criteria/Nobody/', { body: { filter: true } })).status).toBe(404);
    expect((await call(gw, 'PUT', EXEC1 + 'criteria/Nobody/', { body: { active: true } })).status).toBe(404);
    expect((await call(gw, 'DELETE', EXEC1 + 'criteria/Nobody/')).status).toBe(404);
    expect(documents().flat()).not.toContain('UserExecutiveModifyFilteringRequest');
  });

  it('a schedule type that contradicts its element → 400, nothing sent', async () => {
    const res = await call(gw, 'POST', EXEC1 + 'criteria/', {
      body: { ...EXAMPLE, timeSchedule: { level: 'User', name: 'Vacation', type: 'Holiday' } },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ pointer: '/timeSchedule/type' })]);
    expect(documents()).toEqual([]);
  });

  it('an unknown schedule → 400 from BroadWorks, criteria not created', async () => {
    const res = await call(gw, 'POST', EXEC1 + 'criteria/', {
      body: { ...EXAMPLE, timeSchedule: { level: 'User', name: 'My Office Hours', type: 'Time' } },
    });
    expect(res.status).toBe(400);
    expect((await call(gw, 'GET', EXEC1 + 'criteria/Test%20Criteria%201/')).status).toBe(404);
  });
});
