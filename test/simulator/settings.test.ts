import { startSimulator, Simulator } from '../../src/simulator';
import type { OciResult } from '../../src/oci/command';
import { tableOf } from '../../src/oci/document';
import { loadDemoData } from '../../src/simulator/demo-data';
import { DataSetError, parseDataSet } from '../../src/simulator/data-schema';
import { settingsCatalogue } from '../../src/simulator/settings/catalogue';
import { loggedIn, SimSession } from './sim-client';

// Automatic Hold/Retrieve and Call Policies: served from the schema, no mapping or handler names them.
const AHR = { get: 'UserAutomaticHoldRetrieveGetRequest', modify: 'UserAutomaticHoldRetrieveModifyRequest' };
const PLAIN = 'plain1@acme.example.com';
const NOBODY = 'asst3@acme.example.com';

let sim: Simulator;
let s: SimSession;
const base = loadDemoData();
base.users.find((u) => u.userId === PLAIN)!.services.push('Automatic Hold/Retrieve', 'Fax Messaging');
beforeAll(async () => {
  sim = await startSimulator({ quiet: true, data: base });
  s = await loggedIn(sim.url);
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function body(r: OciResult) {
  if (r.kind !== 'data') throw new Error(`expected data, got ${JSON.stringify(r)}`);
  return r.body;
}

describe('the schema-driven settings services', () => {
  test('the catalogue pairs the newest non-deprecated Get with the Modify and says why it leaves others out', () => {
    const c = settingsCatalogue();
    expect(c.pairs.length).toBeGreaterThan(0);
    expect(c.byCommand.get('UserCallForwardingNoAnswerGetRequest13mp16')?.modify).toBe(
      'UserCallForwardingNoAnswerModifyRequest',
    );
    expect(c.byCommand.get('UserCallWaitingGetRequest17sp4')?.service).toBe('Call Waiting');
    expect(c.byCommand.has('UserCallWaitingGetRequest')).toBe(false); // deprecated
    for (const l of c.leftOut) expect(l.reason).toMatch(/\w/);
    expect(c.leftOut.find((l) => l.key === 'SimultaneousRingPersonal')?.reason).toMatch(/complex type/);
  });

  test('Get answers schema-valid defaults in schema order; Modify changes only the elements given', async () => {
    const first = body(await s.one(AHR.get, { userId: PLAIN }));
    expect(first).toEqual({ isActive: ['false'], recallTimerSeconds: ['6'] });
    expect((await s.one(AHR.modify, { userId: PLAIN, recallTimerSeconds: '120' })).kind).toBe('success');
    expect(body(await s.one(AHR.get, { userId: PLAIN }))).toEqual({ isActive: ['false'], recallTimerSeconds: ['120'] });
    expect((await s.one(AHR.modify, { userId: PLAIN, isActive: '1' })).kind).toBe('success');
    expect(body(await s.one(AHR.get, { userId: PLAIN }))).toEqual({ isActive: ['true'], recallTimerSeconds: ['120'] });
  });

  test('optional elements are answered only when set, and xsi:nil clears them', async () => {
    const cfa = { get: 'UserCallForwardingAlwaysGetRequest', modify: 'UserCallForwardingAlwaysModifyRequest' };
    expect(body(await s.one(cfa.get, { userId: PLAIN })).forwardToPhoneNumber).toEqual(['+3223661200']);
    expect((await s.one(cfa.modify, { userId: PLAIN, forwardToPhoneNumber: null })).kind).toBe('success');
    const after = body(await s.one(cfa.get, { userId: PLAIN }));
    expect(after.forwardToPhoneNumber).toBeUndefined();
    expect(after.isActive).toEqual(['true']);
  });

  test('a list is replaced whole and answered item by item', async () => {
    const fax = { get: 'UserFaxMessagingGetRequest17sp1', modify: 'UserFaxMessagingModifyRequest' };
    expect(body(await s.one(fax.get, { userId: PLAIN })).alias).toBeUndefined();
    const aliases = ['fax1@acme.example.com', 'fax2@acme.example.com'];
    expect((await s.one(fax.modify, { userId: PLAIN, sipAliasList: { sipAlias: aliases } })).kind).toBe('success');
    // sipAliasList exists only in the Modify: stored, never answered.
    expect(body(await s.one(fax.get, { userId: PLAIN })).alias).toBeUndefined();
  });

  test('a UserService the user lacks is "not assigned", naming it; a key outside the enumeration is not checked', async () => {
    const r = await s.one(AHR.get, { userId: NOBODY });
    expect(r).toMatchObject({
      kind: 'error',
      summaryEnglish: '[Error 4410] Service is not assigned to this subscriber: Automatic Hold/Retrieve',
    });
    expect((await s.one(AHR.modify, { userId: NOBODY, isActive: 'true' })).kind).toBe('error');
    const policies = body(await s.one('UserCallPoliciesGetRequest19sp1', { userId: NOBODY }));
    expect(Object.keys(policies)[0]).toBe('redirectedCallsCOLPPrivacy');
  });

  test('UserServiceIsAssigned and the assignment list answer from the data set', async () => {
    const assigned = (userId: string) =>
      s.one('UserServiceIsAssignedRequest', { userId, serviceName: 'Automatic Hold/Retrieve' });
    expect(body(await assigned(PLAIN)).isAssigned).toEqual(['true']);
    expect(body(await assigned(NOBODY)).isAssigned).toEqual(['false']);
    const list = tableOf(
      body(await s.one('UserServiceGetAssignmentListRequest', { userId: PLAIN })),
      'userServicesAssignmentTable',
    );
    expect(list.headings).toEqual(['Service Name', 'Assigned']);
    expect(list.rows.length).toBe(settingsCatalogue().userServices.length);
    expect(list.rows.find((r) => r['Service Name'] === 'Automatic Hold/Retrieve')?.Assigned).toBe('true');
    expect(list.rows.find((r) => r['Service Name'] === 'Executive')?.Assigned).toBe('false');
  });

  test('a schema-valid command the simulator does not implement names itself, with neither 6004 nor 9999', async () => {
    const r = await s.one('SystemExecutiveGetRequest24', {});
    expect(r).toMatchObject({
      kind: 'error',
      code: 4998,
      summaryEnglish: '[Error 4998] Command not implemented by the simulator: SystemExecutiveGetRequest24',
    });
  });
});

describe('initial settings values in a data set', () => {
  const withSettings = (settings: unknown) => {
    const data = loadDemoData() as unknown as { users: { userId: string; settings?: unknown }[] };
    data.users.find((u) => u.userId === NOBODY)!.settings = settings;
    return data;
  };
  const at = `users[${loadDemoData().users.findIndex((u) => u.userId === NOBODY)}] (${NOBODY})`;

  test('are checked against the schema, naming the entry', () => {
    expect(() => parseDataSet(withSettings({ 'Automatic Hold/Retrieve': { recallTimerSeconds: 6 } }))).not.toThrow();
    expect(() => parseDataSet(withSettings({ Nonsense: {} }))).toThrow(
      new DataSetError(`invalid data set: ${at}.settings: "Nonsense" is not a settings service the simulator serves`),
    );
    expect(() => parseDataSet(withSettings({ 'Automatic Hold/Retrieve': { recallTimer: 6 } }))).toThrow(
      /settings\["Automatic Hold\/Retrieve"\]: recallTimer is not an element/,
    );
    expect(() => parseDataSet(withSettings({ 'Automatic Hold/Retrieve': { recallTimerSeconds: 1 } }))).toThrow(
      /recallTimerSeconds: cvc-minInclusive-valid/,
    );
  });

  test('are answered by the Get', async () => {
    const data = loadDemoData();
    const u = data.users.find((x) => x.userId === PLAIN)!;
    u.services.push('Automatic Hold/Retrieve');
    u.settings = { ...u.settings, 'Automatic Hold/Retrieve': { isActive: true, recallTimerSeconds: 30 } };
    sim.replaceData(data);
    try {
      const again = await loggedIn(sim.url); // a new data set forgets the sessions
      expect(body(await again.one(AHR.get, { userId: PLAIN }))).toEqual({
        isActive: ['true'],
        recallTimerSeconds: ['30'],
      });
    } finally {
      sim.replaceData(base);
    }
  });
});
