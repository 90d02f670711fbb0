import { startSimulator, Simulator } from '../../src/simulator';
import type { OciResult } from '../../src/oci/command';
import { loggedIn, SimSession } from './sim-client';

let sim: Simulator;
let s: SimSession;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true });
  s = await loggedIn(sim.url);
});
afterAll(() => sim.close());

const EXEC = 'exec1@acme.example.com';

function expect6004(r: OciResult, detail: RegExp): void {
  expect(r).toMatchObject({
    kind: 'error',
    code: 6004,
    summaryEnglish: '[Error 6004] OCI XML Request validation error',
  });
  expect(r.kind === 'error' && r.detail).toMatch(detail);
}

describe('request validation derived from the XSD', () => {
  test('elements out of schema order are refused, and nothing changes', async () => {
    const r = await s.one('UserExecutiveModifyScreeningAlertingRequest', {
      userId: EXEC,
      alertingMode: 'Sequential',
      enableScreening: 'false',
    });
    expect6004(r, /Invalid content was found starting with element 'enableScreening'/);
    const get = await s.one('UserExecutiveGetScreeningAlertingRequest', { userId: EXEC });
    expect(get.kind === 'data' && get.body.enableScreening).toEqual(['true']);
  });

  test('a missing required element is refused', async () => {
    expect6004(await s.one('UserExecutiveGetFilteringRequest', {}), /not complete. One of '\{"userId"\}' is expected/);
    expect6004(
      await s.one('UserExecutiveAddFilteringSelectiveCriteriaRequest', {
        userId: EXEC,
        criteriaName: 'x',
        filter: 'true',
      }),
      /One of '\{"fromDnCriteria"\}' is expected/,
    );
  });

  test('an unexpected element is refused', async () => {
    expect6004(
      await s.one('UserExecutiveGetFilteringRequest', { userId: EXEC, bogus: 'x' }),
      /starting with element 'bogus'/,
    );
  });

  test('a bad enumeration value is refused', async () => {
    expect6004(
      await s.one('UserExecutiveModifyFilteringRequest', { userId: EXEC, filteringMode: 'Clever' }),
      /cvc-enumeration-valid: Value 'Clever'.*\[Simple, Advanced\]/,
    );
  });

  test('values out of range, of the wrong datatype or too long are refused', async () => {
    expect6004(
      await s.one('UserExecutiveModifyScreeningAlertingRequest', { userId: EXEC, nextAssistantNumberOfRings: '21' }),
      /maxInclusive '20'/,
    );
    expect6004(
      await s.one('UserExecutiveModifyScreeningAlertingRequest', { userId: EXEC, callPushRecallNumberOfRings: '1' }),
      /minInclusive '2'/,
    );
    expect6004(
      await s.one('UserExecutiveModifyScreeningAlertingRequest', { userId: EXEC, rolloverWaitTimeSeconds: 'soon' }),
      /not a valid value for 'integer'/,
    );
    expect6004(
      await s.one('UserExecutiveModifyFilteringRequest', { userId: EXEC, enableFiltering: 'yes' }),
      /not a valid value for 'boolean'/,
    );
    expect6004(
      await s.one('UserExecutiveModifyScreeningAlertingRequest', {
        userId: EXEC,
        alertingCustomCallingLineIdName: 'x'.repeat(81),
      }),
      /maxLength '80'/,
    );
    expect6004(
      await s.one('UserExecutiveDeleteFilteringSelectiveCriteriaRequest', { userId: EXEC, criteriaName: '' }),
      /minLength '1'/,
    );
  });

  test('nil is refused where the schema does not allow it, accepted where it does', async () => {
    expect6004(
      await s.one('UserExecutiveModifyScreeningAlertingRequest', { userId: EXEC, alertingMode: null }),
      /nillable.*false/,
    );
    expect(
      (await s.one('UserExecutiveModifyScreeningAlertingRequest', { userId: EXEC, rolloverWaitTimeSeconds: null }))
        .kind,
    ).toBe('success');
  });

  test('more than 12 phone numbers in a criteria is refused by the schema', async () => {
    const phoneNumber = Array.from({ length: 13 }, (_, i) => `+322366${1000 + i}`);
    const r = await s.one('UserExecutiveAddFilteringSelectiveCriteriaRequest', {
      userId: EXEC,
      criteriaName: 'Many',
      filter: 'true',
      fromDnCriteria: {
        fromDnCriteriaSelection: 'Specified Only',
        includeAnonymousCallers: 'false',
        includeUnavailableCallers: 'false',
        phoneNumber,
      },
    });
    expect6004(r, /phoneNumber/);
  });

  test('an abstract type needs its xsi:type; with it, the concrete type is checked', async () => {
    const base = { userId: EXEC };
    expect6004(
      await s.one('UserExecutiveGetAvailableAssistantListRequest', {
        ...base,
        searchCriteriaExactUserDepartment: { departmentKey: { serviceProviderId: 'acme-ent', name: 'Sales' } },
      }),
      /cannot be abstract/,
    );
    const ok = await s.one('UserExecutiveGetAvailableAssistantListRequest', {
      ...base,
      searchCriteriaExactUserDepartment: {
        departmentKey: {
          $type: 'GroupDepartmentKey',
          serviceProviderId: 'acme-ent',
          groupId: 'acme-hq',
          name: 'Sales',
        },
      },
    });
    expect(ok.kind).toBe('data');
  });

  test('unknown command types are 6004', async () => {
    expect6004(await s.one('LoginRequest', { userId: 'admin' }), /Cannot resolve 'LoginRequest'/);
    expect6004(await s.one('UserExecutiveGetAssistantsRequest', { userId: EXEC }), /Cannot resolve/);
  });

  test('a document with one invalid command still runs the others', async () => {
    const ex = await s.send([
      { type: 'UserExecutiveGetFilteringRequest', body: {} },
      { type: 'UserExecutiveGetFilteringRequest', body: { userId: EXEC } },
    ]);
    expect(ex.results.map((r) => r.kind)).toEqual(['error', 'data']);
  });

  test('with validation off, the same invalid order is executed', async () => {
    const loose = await startSimulator({ validate: false, quiet: true });
    try {
      const t = await loggedIn(loose.url);
      const r = await t.one('UserExecutiveModifyScreeningAlertingRequest', {
        userId: EXEC,
        alertingMode: 'Sequential',
        enableScreening: 'false',
      });
      expect(r.kind).toBe('success');
    } finally {
      await loose.close();
    }
  });
});
