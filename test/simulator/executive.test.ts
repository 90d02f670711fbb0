import { startSimulator, Simulator } from '../../src/simulator';
import type { OciResult } from '../../src/oci/command';
import { elementOf, tableOf, textOf, textsOf } from '../../src/oci/document';
import { loggedIn, SimSession } from './sim-client';

let sim: Simulator;
let s: SimSession;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true });
  s = await loggedIn(sim.url);
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const EXEC1 = 'exec1@acme.example.com';
const EXEC3 = 'exec3@beta.example.com';

function body(r: OciResult) {
  if (r.kind !== 'data') throw new Error(`expected data, got ${JSON.stringify(r)}`);
  return r.body;
}
function errorText(r: OciResult): string {
  if (r.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.summaryEnglish;
}

const USER_HEADINGS = [
  'User Id',
  'Last Name',
  'First Name',
  'Hiragana Last Name',
  'Hiragana First Name',
  'Phone Number',
  'Extension',
  'Department',
  'Email Address',
];

describe('assistants', () => {
  test('GetAssistant lists the assistants with every R25 heading, numbers as +CC-NNNN', async () => {
    const b = body(await s.one('UserExecutiveGetAssistantRequest', { userId: EXEC1 }));
    expect(textOf(b, 'allowOptInOut')).toBe('true');
    const t = tableOf(b, 'assistantUserTable');
    expect(t.headings).toEqual([...USER_HEADINGS, 'Opt-in', 'User External Id', 'User Place Type']);
    expect(t.rows.map((r) => [r['User Id'], r['Phone Number'], r['Opt-in'], r.Department])).toEqual([
      ['asst1@acme.example.com', '+32-69441552', 'true', 'Sales (acme-hq)'],
      ['asst2@acme.example.com', '+32-69441553', 'false', 'Support (acme-ent)'],
    ]);
  });

  test('ModifyAssistant replaces the list in order, keeps opt-in of kept assistants, nil clears', async () => {
    const ok = await s.one('UserExecutiveModifyAssistantRequest', {
      userId: EXEC1,
      allowOptInOut: 'false',
      assistantUserIdList: { userId: ['asst3@acme.example.com', 'asst2@acme.example.com'] },
    });
    expect(ok.kind).toBe('success');
    let t = tableOf(body(await s.one('UserExecutiveGetAssistantRequest', { userId: EXEC1 })), 'assistantUserTable');
    expect(t.rows.map((r) => [r['User Id'], r['Opt-in']])).toEqual([
      ['asst3@acme.example.com', 'true'],
      ['asst2@acme.example.com', 'false'],
    ]);
    expect(
      (await s.one('UserExecutiveModifyAssistantRequest', { userId: EXEC1, assistantUserIdList: null })).kind,
    ).toBe('success');
    const b = body(await s.one('UserExecutiveGetAssistantRequest', { userId: EXEC1 }));
    t = tableOf(b, 'assistantUserTable');
    expect(t.rows).toEqual([]);
    expect(textOf(b, 'allowOptInOut')).toBe('false');
  });

  test('ModifyAssistant refuses unknown users, other tenants, users without the service, and the executive itself', async () => {
    const list = (id: string) => ({ userId: EXEC1, assistantUserIdList: { userId: [id] } });
    expect(errorText(await s.one('UserExecutiveModifyAssistantRequest', list('ghost@acme.example.com')))).toBe(
      '[Error 4008] User not found: ghost@acme.example.com',
    );
    expect(errorText(await s.one('UserExecutiveModifyAssistantRequest', list('other1@gamma.example.com')))).toMatch(
      /^\[Error 4921\] .*other1@gamma.example.com$/,
    );
    expect(errorText(await s.one('UserExecutiveModifyAssistantRequest', list('plain1@acme.example.com')))).toMatch(
      /^\[Error 4922\] /,
    );
    expect(errorText(await s.one('UserExecutiveModifyAssistantRequest', list(EXEC1)))).toMatch(/^\[Error 4923\] /);
    const t = tableOf(body(await s.one('UserExecutiveGetAssistantRequest', { userId: EXEC1 })), 'assistantUserTable');
    expect(t.rows).toHaveLength(2);
  });

  test('GetAvailableAssistantList: same enterprise, with the service, not the executive; group criteria narrows', async () => {
    const all = tableOf(
      body(await s.one('UserExecutiveGetAvailableAssistantListRequest', { userId: EXEC1 })),
      'userTable',
    );
    expect(all.headings).toEqual([...USER_HEADINGS, 'User External Id', 'User Place Type']);
    expect(all.rows.map((r) => r['User Id']).sort()).toEqual([
      'asst1@acme.example.com',
      'asst2@acme.example.com',
      'asst3@acme.example.com',
    ]);
    const branch = tableOf(
      body(
        await s.one('UserExecutiveGetAvailableAssistantListRequest', {
          userId: EXEC1,
          searchCriteriaExactUserGroup: { serviceProviderId: 'acme-ent', groupId: 'acme-branch' },
        }),
      ),
      'userTable',
    );
    expect(branch.rows.map((r) => r['User Id']).sort()).toEqual(['asst2@acme.example.com', 'asst3@acme.example.com']);
    const named = tableOf(
      body(
        await s.one('UserExecutiveGetAvailableAssistantListRequest', {
          userId: EXEC1,
          searchCriteriaUserLastName: { mode: 'Starts With', value: 'pee', isCaseInsensitive: 'true' },
        }),
      ),
      'userTable',
    );
    expect(named.rows.map((r) => r['User Id'])).toEqual(['asst1@acme.example.com']);
  });
});

describe('filtering and criteria', () => {
  test('GetFiltering has the 9 headings and true/false cells', async () => {
    const b = body(await s.one('UserExecutiveGetFilteringRequest', { userId: EXEC1 }));
    expect([textOf(b, 'enableFiltering'), textOf(b, 'filteringMode'), textOf(b, 'simpleFilterType')]).toEqual([
      'true',
      'Advanced',
      'All Calls',
    ]);
    const t = tableOf(b, 'criteriaTable');
    expect(t.headings).toEqual([
      'Is Active',
      'Criteria Name',
      'Time Schedule',
      'Calls From',
      'Filter',
      'Holiday Schedule',
      'Calls To Type',
      'Calls To Number',
      'Calls To Extension',
    ]);
    expect(t.rows.map((r) => [r['Criteria Name'], r['Is Active'], r.Filter])).toEqual([
      ['VIP callers', 'true', 'true'],
      ['After hours', 'false', 'false'],
      ['Internal', 'true', 'true'],
    ]);
  });

  test('ModifyFiltering changes settings and activation; an unknown criteria changes nothing', async () => {
    const bad = await s.one('UserExecutiveModifyFilteringRequest', {
      userId: EXEC1,
      enableFiltering: 'false',
      criteriaActivation: [
        { criteriaName: 'After hours', isActive: 'true' },
        { criteriaName: 'Nope', isActive: 'true' },
      ],
    });
    expect(errorText(bad)).toBe('[Error 4914] Criteria not found: Nope');
    let b = body(await s.one('UserExecutiveGetFilteringRequest', { userId: EXEC1 }));
    expect(textOf(b, 'enableFiltering')).toBe('true');
    expect(tableOf(b, 'criteriaTable').rows[1]['Is Active']).toBe('false');
    const ok = await s.one('UserExecutiveModifyFilteringRequest', {
      userId: EXEC1,
      enableFiltering: 'false',
      filteringMode: 'Simple',
      simpleFilterType: 'All External Calls',
      criteriaActivation: [{ criteriaName: 'After hours', isActive: 'true' }],
    });
    expect(ok.kind).toBe('success');
    b = body(await s.one('UserExecutiveGetFilteringRequest', { userId: EXEC1 }));
    expect([textOf(b, 'enableFiltering'), textOf(b, 'filteringMode'), textOf(b, 'simpleFilterType')]).toEqual([
      'false',
      'Simple',
      'All External Calls',
    ]);
    expect(tableOf(b, 'criteriaTable').rows[1]['Is Active']).toBe('true');
  });

  test('Get criteria 21 returns schedules, filter, fromDn and callToNumber in schema order', async () => {
    const b = body(
      await s.one('UserExecutiveGetFilteringSelectiveCriteriaRequest21', {
        userId: EXEC1,
        criteriaName: 'VIP callers',
      }),
    );
    expect(Object.keys(b)).toEqual(['timeSchedule', 'holidaySchedule', 'filter', 'fromDnCriteria', 'callToNumber']);
    expect(elementOf(b, 'timeSchedule')).toEqual({ type: ['User'], name: ['Office hours'] });
    expect(elementOf(b, 'holidaySchedule')).toEqual({ type: ['Service Provider'], name: ['Public holidays'] });
    const from = elementOf(b, 'fromDnCriteria');
    expect(textOf(from, 'fromDnCriteriaSelection')).toBe('Specified Only');
    expect(textsOf(from, 'phoneNumber')).toEqual(['+3223661285', '+3267219021']);
    expect(
      errorText(
        await s.one('UserExecutiveGetFilteringSelectiveCriteriaRequest21', { userId: EXEC1, criteriaName: 'Nope' }),
      ),
    ).toBe('[Error 4914] Criteria not found: Nope');
  });

  const fromAny = {
    fromDnCriteriaSelection: 'Any',
    includeAnonymousCallers: 'false',
    includeUnavailableCallers: 'false',
  };

  test('Add criteria: new row; duplicate name and unknown schedule are refused', async () => {
    const add = await s.one('UserExecutiveAddFilteringSelectiveCriteriaRequest', {
      userId: EXEC1,
      criteriaName: 'Lunch',
      timeSchedule: { type: 'Group', name: 'HQ business hours' },
      filter: 'false',
      fromDnCriteria: fromAny,
    });
    expect(add.kind).toBe('success');
    const rows = tableOf(
      body(await s.one('UserExecutiveGetFilteringRequest', { userId: EXEC1 })),
      'criteriaTable',
    ).rows;
    expect(rows.map((r) => r['Criteria Name'])).toEqual(['VIP callers', 'After hours', 'Internal', 'Lunch']);
    const dup = await s.one('UserExecutiveAddFilteringSelectiveCriteriaRequest', {
      userId: EXEC1,
      criteriaName: 'Lunch',
      filter: 'true',
      fromDnCriteria: fromAny,
    });
    expect(errorText(dup)).toBe('[Error 4913] Criteria name already exists: Lunch');
    const badSched = await s.one('UserExecutiveAddFilteringSelectiveCriteriaRequest', {
      userId: EXEC1,
      criteriaName: 'Other',
      timeSchedule: { type: 'User', name: 'HQ business hours' },
      filter: 'true',
      fromDnCriteria: fromAny,
    });
    expect(errorText(badSched)).toBe('[Error 4917] Time Schedule not found: HQ business hours (User)');
    const holidayAsTime = await s.one('UserExecutiveAddFilteringSelectiveCriteriaRequest', {
      userId: EXEC1,
      criteriaName: 'Other',
      holidaySchedule: { type: 'User', name: 'Office hours' },
      filter: 'true',
      fromDnCriteria: fromAny,
    });
    expect(errorText(holidayAsTime)).toMatch(/^\[Error 4917\] Holiday Schedule not found/);
  });

  test('Modify criteria renames, nil clears schedules and the phone list; unknown name and rename clash are refused', async () => {
    const ok = await s.one('UserExecutiveModifyFilteringSelectiveCriteriaRequest', {
      userId: EXEC1,
      criteriaName: 'VIP callers',
      newCriteriaName: 'VIP',
      timeSchedule: null,
      holidaySchedule: null,
      filter: 'false',
      fromDnCriteria: { fromDnCriteriaSelection: 'Any External', phoneNumberList: null },
      callToNumberList: null,
    });
    expect(ok.kind).toBe('success');
    const b = body(
      await s.one('UserExecutiveGetFilteringSelectiveCriteriaRequest21', { userId: EXEC1, criteriaName: 'VIP' }),
    );
    expect(Object.keys(b)).toEqual(['filter', 'fromDnCriteria']);
    expect(textsOf(elementOf(b, 'fromDnCriteria'), 'phoneNumber')).toEqual([]);
    expect(textOf(elementOf(b, 'fromDnCriteria'), 'fromDnCriteriaSelection')).toBe('Any External');
    const rows = tableOf(
      body(await s.one('UserExecutiveGetFilteringRequest', { userId: EXEC1 })),
      'criteriaTable',
    ).rows;
    expect(rows[0]).toMatchObject({ 'Criteria Name': 'VIP', 'Is Active': 'true', Filter: 'false' });
    expect(
      errorText(
        await s.one('UserExecutiveModifyFilteringSelectiveCriteriaRequest', {
          userId: EXEC1,
          criteriaName: 'VIP callers',
          filter: 'true',
        }),
      ),
    ).toBe('[Error 4914] Criteria not found: VIP callers');
    expect(
      errorText(
        await s.one('UserExecutiveModifyFilteringSelectiveCriteriaRequest', {
          userId: EXEC1,
          criteriaName: 'VIP',
          newCriteriaName: 'Internal',
        }),
      ),
    ).toBe('[Error 4913] Criteria name already exists: Internal');
    const list = await s.one('UserExecutiveModifyFilteringSelectiveCriteriaRequest', {
      userId: EXEC1,
      criteriaName: 'VIP',
      fromDnCriteria: { fromDnCriteriaSelection: 'Specified Only', phoneNumberList: { phoneNumber: ['+3211223344'] } },
    });
    expect(list.kind).toBe('success');
    const again = body(
      await s.one('UserExecutiveGetFilteringSelectiveCriteriaRequest21', { userId: EXEC1, criteriaName: 'VIP' }),
    );
    expect(textsOf(elementOf(again, 'fromDnCriteria'), 'phoneNumber')).toEqual(['+3211223344']);
  });

  test('Delete criteria removes it; unknown name is refused', async () => {
    expect(
      (await s.one('UserExecutiveDeleteFilteringSelectiveCriteriaRequest', { userId: EXEC1, criteriaName: 'Internal' }))
        .kind,
    ).toBe('success');
    const rows = tableOf(
      body(await s.one('UserExecutiveGetFilteringRequest', { userId: EXEC1 })),
      'criteriaTable',
    ).rows;
    expect(rows.map((r) => r['Criteria Name'])).toEqual(['VIP callers', 'After hours']);
    expect(
      errorText(
        await s.one('UserExecutiveDeleteFilteringSelectiveCriteriaRequest', {
          userId: EXEC1,
          criteriaName: 'Internal',
        }),
      ),
    ).toBe('[Error 4914] Criteria not found: Internal');
  });
});

describe('screening and alerting', () => {
  test('Get returns the stored elements in schema order', async () => {
    const b = body(await s.one('UserExecutiveGetScreeningAlertingRequest', { userId: EXEC1 }));
    expect(Object.keys(b)).toEqual([
      'enableScreening',
      'screeningAlertType',
      'alertBroadWorksMobilityLocation',
      'alertBroadWorksAnywhereLocations',
      'alertSharedCallAppearanceLocations',
      'alertingMode',
      'alertingCallingLineIdNameMode',
      'alertingCustomCallingLineIdName',
      'alertingCallingLineIdPhoneNumberMode',
      'callPushRecallNumberOfRings',
      'nextAssistantNumberOfRings',
      'enableRollover',
      'rolloverWaitTimeSeconds',
      'rolloverAction',
      'rolloverForwardToPhoneNumber',
    ]);
  });

  test('Modify changes only the elements present; nil clears', async () => {
    const before = body(await s.one('UserExecutiveGetScreeningAlertingRequest', { userId: EXEC1 }));
    const ok = await s.one('UserExecutiveModifyScreeningAlertingRequest', {
      userId: EXEC1,
      screeningAlertType: 'Ring Splash',
      unicodeAlertingCustomCallingLineIdName: 'Chef de bureau é',
      nextAssistantNumberOfRings: '5',
      rolloverWaitTimeSeconds: null,
    });
    expect(ok).toEqual({ kind: 'success', echo: undefined });
    const after = body(await s.one('UserExecutiveGetScreeningAlertingRequest', { userId: EXEC1 }));
    expect(textOf(after, 'screeningAlertType')).toBe('Ring Splash');
    expect(textOf(after, 'nextAssistantNumberOfRings')).toBe('5');
    expect(textOf(after, 'rolloverWaitTimeSeconds')).toBeUndefined();
    expect(textOf(after, 'unicodeAlertingCustomCallingLineIdName')).toBe('Chef de bureau é');
    const {
      screeningAlertType: _a,
      nextAssistantNumberOfRings: _b,
      rolloverWaitTimeSeconds: _c,
      ...restBefore
    } = before;
    const {
      screeningAlertType: _d,
      nextAssistantNumberOfRings: _e,
      unicodeAlertingCustomCallingLineIdName: _f,
      ...restAfter
    } = after;
    expect(restAfter).toEqual(restBefore);
  });

  test('token values: only XML whitespace collapses; Unicode spaces (U+00A0, U+3000) are kept', async () => {
    const number = '\u00a0+32\u3000 \t 123\u00a0';
    const ok = await s.one('UserExecutiveModifyScreeningAlertingRequest', {
      userId: EXEC1,
      alertingCustomCallingLineIdPhoneNumber: number,
    });
    expect(ok.kind).toBe('success');
    const after = body(await s.one('UserExecutiveGetScreeningAlertingRequest', { userId: EXEC1 }));
    expect(textOf(after, 'alertingCustomCallingLineIdPhoneNumber')).toBe('\u00a0+32\u3000 123\u00a0');
  });

  test('cross-field rules: Forward needs a number', async () => {
    const r = await s.one('UserExecutiveModifyScreeningAlertingRequest', {
      userId: EXEC1,
      rolloverForwardToPhoneNumber: null,
    });
    expect(errorText(r)).toMatch(/^\[Error 4925\] .*Forward/);
  });
});

describe('users, tenants and business errors', () => {
  test('UserGetRequest23V2 gives ids, names, department key and full path', async () => {
    const b = body(await s.one('UserGetRequest23V2', { userId: 'exec2@acme.example.com' }));
    expect(Object.keys(b).slice(0, 5)).toEqual(['serviceProviderId', 'groupId', 'userId', 'lastName', 'firstName']);
    expect(elementOf(b, 'department')).toEqual({
      serviceProviderId: ['acme-ent'],
      groupId: ['acme-hq'],
      name: ['Benelux'],
    });
    expect(textOf(b, 'departmentFullPath')).toBe('Sales \\ Benelux (acme-hq)');
    expect([textOf(b, 'phoneNumber'), textOf(b, 'extension'), textOf(b, 'emailAddress')]).toEqual([
      '+3223661201',
      '1201',
      'exec2@acme.example.com',
    ]);
    const ex = await s.send([{ type: 'UserGetRequest23V2', body: { userId: 'asst2@acme.example.com' } }]);
    expect(ex.inner).toContain('<department xsi:type="EnterpriseDepartmentKey">');
  });

  test('UserServiceIsAssigned and the 4410 / 4008 errors', async () => {
    const yes = body(await s.one('UserServiceIsAssignedRequest', { userId: EXEC1, serviceName: 'Executive' }));
    const no = body(
      await s.one('UserServiceIsAssignedRequest', { userId: 'plain1@acme.example.com', serviceName: 'Executive' }),
    );
    expect([textOf(yes, 'isAssigned'), textOf(no, 'isAssigned')]).toEqual(['true', 'false']);
    expect(errorText(await s.one('UserExecutiveGetFilteringRequest', { userId: 'plain1@acme.example.com' }))).toBe(
      '[Error 4410] Service is not assigned to this subscriber: Executive',
    );
    expect(errorText(await s.one('UserExecutiveGetFilteringRequest', { userId: 'ghost@acme.example.com' }))).toBe(
      '[Error 4008] User not found: ghost@acme.example.com',
    );
  });

  test('Do Not Disturb get and modify', async () => {
    expect(body(await s.one('UserDoNotDisturbGetRequest', { userId: 'plain1@acme.example.com' }))).toEqual({
      isActive: ['true'],
      ringSplash: ['true'],
    });
    expect(
      (await s.one('UserDoNotDisturbModifyRequest', { userId: 'plain1@acme.example.com', isActive: 'false' })).kind,
    ).toBe('success');
    expect(body(await s.one('UserDoNotDisturbGetRequest', { userId: 'plain1@acme.example.com' }))).toEqual({
      isActive: ['false'],
      ringSplash: ['true'],
    });
  });

  test("ServiceProviderGetList: everything for the system admin, the reseller's tenants for a reseller admin", async () => {
    const all = tableOf(body(await s.one('ServiceProviderGetListRequest', {})), 'serviceProviderTable');
    expect(all.headings).toEqual(['Service Provider Id', 'Service Provider Name', 'Is Enterprise', 'Reseller Id']);
    expect(all.rows.map((r) => r['Service Provider Id'])).toEqual(['acme-ent', 'beta-sp', 'gamma-ent']);
    const byReseller = tableOf(
      body(
        await s.one('ServiceProviderGetListRequest', {
          searchCriteriaResellerId: { mode: 'Equal To', value: 'res1', isCaseInsensitive: 'false' },
        }),
      ),
      'serviceProviderTable',
    );
    expect(byReseller.rows.map((r) => r['Service Provider Id'])).toEqual(['acme-ent', 'beta-sp']);
    const reseller = await loggedIn(sim.url, 'reseller-admin', 'reseller-password');
    const mine = tableOf(body(await reseller.one('ServiceProviderGetListRequest', {})), 'serviceProviderTable');
    expect(mine.rows.map((r) => [r['Service Provider Id'], r['Is Enterprise'], r['Reseller Id']])).toEqual([
      ['acme-ent', 'true', 'res1'],
      ['beta-sp', 'false', 'res1'],
    ]);
  });

  test('every command of a document runs even when an earlier one failed', async () => {
    const ex = await s.send([
      {
        type: 'UserExecutiveDeleteFilteringSelectiveCriteriaRequest',
        body: { userId: EXEC1, criteriaName: 'Nope' },
        echo: 'a',
      },
      {
        type: 'UserExecutiveDeleteFilteringSelectiveCriteriaRequest',
        body: { userId: EXEC1, criteriaName: 'Internal' },
        echo: 'b',
      },
      { type: 'UserExecutiveGetFilteringRequest', body: { userId: EXEC1 }, echo: 'c' },
    ]);
    expect(ex.results.map((r) => [r.echo, r.kind])).toEqual([
      ['a', 'error'],
      ['b', 'success'],
      ['c', 'data'],
    ]);
    expect(tableOf(body(ex.results[2]), 'criteriaTable').rows).toHaveLength(2);
  });
});

describe('authorization of the logged-in account', () => {
  test('an end user may read itself but not another user', async () => {
    const u = await loggedIn(sim.url, EXEC1, 'exec1-password');
    expect((await u.one('UserExecutiveGetFilteringRequest', { userId: EXEC1 })).kind).toBe('data');
    expect(errorText(await u.one('UserExecutiveGetFilteringRequest', { userId: 'exec2@acme.example.com' }))).toBe(
      '[Error 5404] Unauthorized transaction.',
    );
  });

  test('an assistant may run filtering commands for its executive, not assistant commands', async () => {
    const a = await loggedIn(sim.url, 'asst1@acme.example.com', 'asst1-password');
    expect((await a.one('UserExecutiveGetScreeningAlertingRequest', { userId: EXEC1 })).kind).toBe('data');
    expect(
      errorText(await a.one('UserExecutiveModifyAssistantRequest', { userId: EXEC1, allowOptInOut: 'false' })),
    ).toBe('[Error 5404] Unauthorized transaction.');
    expect(errorText(await a.one('UserExecutiveGetFilteringRequest', { userId: EXEC3 }))).toBe(
      '[Error 5404] Unauthorized transaction.',
    );
  });

  test('a group admin is limited to its group, a tenant admin to its tenant', async () => {
    const g = await loggedIn(sim.url, 'hq-admin', 'hq-password');
    expect((await g.one('UserExecutiveGetAssistantRequest', { userId: EXEC1 })).kind).toBe('data');
    expect(errorText(await g.one('UserGetRequest23V2', { userId: 'asst2@acme.example.com' }))).toBe(
      '[Error 5404] Unauthorized transaction.',
    );
    const t = await loggedIn(sim.url, 'acme-admin', 'acme-password');
    expect((await t.one('UserGetRequest23V2', { userId: 'asst2@acme.example.com' })).kind).toBe('data');
    expect(errorText(await t.one('UserGetRequest23V2', { userId: EXEC3 }))).toBe(
      '[Error 5404] Unauthorized transaction.',
    );
  });
});
