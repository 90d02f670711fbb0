import { serviceMappings } from '../../mappings';
import { compileMappings, type CompiledOperation } from '../../src/mapping/compile';
import { MappingEngine, type RunTrace } from '../../src/mapping/engine';
import { ApiFailure } from '../../src/mapping/failure';
import type { OciCommand } from '../../src/oci/command';
import { ASSIGNED, CRITERIA_HEADINGS, fakeExecutor, MEMBER, table, type FakeReply } from './fake-backend';

const ops = compileMappings(serviceMappings);
const PATH = { tenant: 'acme-ent', group: 'acme-hq', user: 'exec1@acme.example.com' };
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
  'Opt-in',
];

function find(method: string, path: string): CompiledOperation {
  return ops.find((o) => o.method === method && o.mapping.path === path)!;
}

const SA_FULL = {
  enableScreening: 'true',
  screeningAlertType: 'Ring Splash',
  alertBroadWorksMobilityLocation: 'false',
  alertBroadWorksAnywhereLocations: 'true',
  alertSharedCallAppearanceLocations: 'false',
  alertingMode: 'Sequential',
  alertingCallingLineIdNameMode: 'Executive',
  alertingCallingLineIdPhoneNumberMode: 'Executive',
  callPushRecallNumberOfRings: '4',
  nextAssistantNumberOfRings: '5',
  enableRollover: 'false',
  rolloverAction: 'Voice Messaging',
};

const filteringReply = (names: [string, string][]): FakeReply => ({
  data: 'UserExecutiveGetFilteringResponse',
  body: {
    enableFiltering: 'true',
    filteringMode: 'Advanced',
    simpleFilterType: 'All Calls',
    criteriaTable: table(
      CRITERIA_HEADINGS,
      names.map(([active, name]) => [active, name, '', '', 'true', '', '', '', '']),
    ),
  },
});
const criteriaReply: FakeReply = {
  data: 'UserExecutiveGetFilteringSelectiveCriteriaResponse21',
  body: {
    holidaySchedule: { type: 'Service Provider', name: 'Public holidays' },
    filter: 'true',
    fromDnCriteria: {
      fromDnCriteriaSelection: 'Specified Only',
      includeAnonymousCallers: 'false',
      includeUnavailableCallers: 'true',
      phoneNumber: ['+3223661285', '+3267219021'],
    },
  },
};

async function run(
  op: CompiledOperation,
  answer: (c: OciCommand) => FakeReply,
  body?: unknown,
  extra: Record<string, string> = {},
) {
  const exec = fakeExecutor((c) =>
    c.type === 'UserGetRequest23V2'
      ? MEMBER('acme-ent', 'acme-hq')
      : c.type === 'UserServiceIsAssignedRequest'
        ? ASSIGNED(true)
        : answer(c),
  );
  const engine = new MappingEngine({ executor: exec, membershipCacheMs: 60_000 });
  const trace: RunTrace = { commandTypes: [], documents: 0, applied: false };
  const input = op.validate({ params: { ...PATH, ...extra }, query: {}, body });
  try {
    const result = await engine.run(op, input, { trace });
    return { result, exec, trace, engine, input };
  } catch (err) {
    return { error: err as ApiFailure, exec, trace, engine, input };
  }
}

describe('OCI → REST answers', () => {
  it('screening: all 5 keys, `enabled`, booleans', async () => {
    const { result } = await run(find('get', 'services/executive/screening/'), () => ({
      data: 'UserExecutiveGetScreeningAlertingResponse',
      body: SA_FULL,
    }));
    expect(result!.body).toEqual({
      enabled: true,
      alertType: 'Ring Splash',
      alertMobilityLocation: false,
      alertAnywhereLocations: true,
      alertSharedCallAppearanceLocations: false,
    });
  });

  it('alerting: all 12 keys, absent elements as null, numbers as numbers', async () => {
    const op = find('get', 'services/executive/alerting/');
    const { result } = await run(op, () => ({ data: 'UserExecutiveGetScreeningAlertingResponse', body: SA_FULL }));
    expect(result!.body).toEqual({
      mode: 'Sequential',
      cliNameMode: 'Executive',
      cliCustomName: null,
      cliCustomNameUnicode: null,
      cliPhoneNumberMode: 'Executive',
      cliCustomPhoneNumber: null,
      callPushRecallAfter: 4,
      nextAssistantAfter: 5,
      rolloverEnabled: false,
      rolloverWaitTime: null,
      rolloverAction: 'Voice Messaging',
      rolloverForwardTo: null,
    });
    expect(op.mapping.response.safeParse(result!.body).success).toBe(true);
  });

  it('user summaries: by heading, phone without dash, department heuristic, "" for empty cells', async () => {
    const headings = [...USER_HEADINGS].reverse(); // position must not matter
    const row = (r: string[]) => [...r].reverse();
    const { result } = await run(find('get', 'services/executive/assistants/'), () => ({
      data: 'UserExecutiveGetAssistantResponse',
      body: {
        allowOptInOut: 'true',
        assistantUserTable: table(headings, [
          row([
            'asst1@x',
            'Peeters',
            'An',
            '',
            '',
            '+32-69441552',
            '1552',
            'Sales \\ Benelux (acme-hq)',
            'an@x',
            'true',
          ]),
          row(['asst2@x', 'Smet', 'Bo', '', '', '', '', 'Support (acme-ent)', '', 'false']),
          row(['asst3@x', 'Claes', 'Cy', '', '', '', '', '', '', 'true']),
        ]),
      },
    }));
    expect(result!.body).toEqual({
      allowOptInOut: true,
      assistantUsers: [
        {
          userId: 'asst1@x',
          firstName: 'An',
          lastName: 'Peeters',
          phoneNumber: '+3269441552',
          extension: '1552',
          emailAddress: 'an@x',
          department: {
            tenantId: 'acme-ent',
            groupId: 'acme-hq',
            departmentName: 'Benelux',
            fullPathName: 'Sales \\ Benelux (acme-hq)',
          },
          optInStatus: true,
        },
        {
          userId: 'asst2@x',
          firstName: 'Bo',
          lastName: 'Smet',
          phoneNumber: '',
          extension: '',
          emailAddress: '',
          department: {
            tenantId: 'acme-ent',
            groupId: null,
            departmentName: 'Support',
            fullPathName: 'Support (acme-ent)',
          },
          optInStatus: false,
        },
        {
          userId: 'asst3@x',
          firstName: 'Cy',
          lastName: 'Claes',
          phoneNumber: '',
          extension: '',
          emailAddress: '',
          optInStatus: true,
        },
      ],
    });
  });

  it('GET filtering: two documents after membership, criteria merged from the fan-out', async () => {
    const { result, exec } = await run(find('get', 'services/executive/filtering/'), (c) =>
      c.type === 'UserExecutiveGetFilteringRequest'
        ? filteringReply([
            ['true', 'A'],
            ['false', 'B c'],
          ])
        : criteriaReply,
    );
    expect(exec.documents.map((d) => d.map((c) => c.type))).toEqual([
      ['UserGetRequest23V2', 'UserServiceIsAssignedRequest'],
      ['UserExecutiveGetFilteringRequest'],
      ['UserExecutiveGetFilteringSelectiveCriteriaRequest21', 'UserExecutiveGetFilteringSelectiveCriteriaRequest21'],
    ]);
    expect(exec.documents[2][1].body.criteriaName).toBe('B c');
    const body = result!.body as { criteria: unknown[] };
    expect(body.criteria[1]).toEqual({
      name: 'B c',
      active: false,
      timeSchedule: null,
      holidaySchedule: { level: 'Tenant', name: 'Public holidays', type: 'Holiday' },
      filter: true,
      fromDnCriteria: {
        selection: 'Specified Only',
        includeAnonymousCallers: false,
        includeUnavailableCallers: true,
        phoneNumbers: ['+3223661285', '+3267219021'],
      },
    });
  });

  it('GET filtering with no criteria sends no second document', async () => {
    const { result, exec } = await run(find('get', 'services/executive/filtering/'), () => filteringReply([]));
    expect(exec.documents).toHaveLength(2);
    expect((result!.body as { criteria: unknown[] }).criteria).toEqual([]);
  });
});

describe('engine decisions', () => {
  it('caches membership: a second request sends one document', async () => {
    const op = find('get', 'services/executive/screening/');
    const { engine, exec, input } = await run(op, () => ({
      data: 'UserExecutiveGetScreeningAlertingResponse',
      body: SA_FULL,
    }));
    await engine.run(op, input);
    expect(exec.documents.map((d) => d[0].type)).toEqual([
      'UserGetRequest23V2',
      'UserExecutiveGetScreeningAlertingRequest',
      'UserExecutiveGetScreeningAlertingRequest',
    ]);
  });

  it('service not assigned (isAssigned false) → 404 with only the membership document sent; a "no" is not cached', async () => {
    let assigned = false;
    const exec = fakeExecutor((c) =>
      c.type === 'UserGetRequest23V2'
        ? MEMBER('acme-ent', 'acme-hq')
        : c.type === 'UserServiceIsAssignedRequest'
          ? ASSIGNED(assigned)
          : { data: 'UserExecutiveGetScreeningAlertingResponse', body: SA_FULL },
    );
    const engine = new MappingEngine({ executor: exec, membershipCacheMs: 60_000 });
    const op = find('get', 'services/executive/screening/');
    const input = op.validate({ params: PATH, query: {}, body: undefined });
    await expect(engine.run(op, input)).rejects.toMatchObject({ slug: 'service-not-assigned' });
    expect(exec.documents.map((d) => d.map((c) => c.type))).toEqual([
      ['UserGetRequest23V2', 'UserServiceIsAssignedRequest'],
    ]);
    expect(exec.documents[0][1].body).toEqual({ userId: PATH.user, serviceName: 'Executive' });
    assigned = true;
    await engine.run(op, input);
    await engine.run(op, input);
    expect(exec.documents.map((d) => d[0].type)).toEqual([
      'UserGetRequest23V2',
      'UserGetRequest23V2',
      'UserExecutiveGetScreeningAlertingRequest',
      'UserExecutiveGetScreeningAlertingRequest',
    ]);
  });

  it.each([
    ['the re-read shows the requested values → 200, applied', true, 'applied'],
    ['the re-read does not show them → outcome-unknown', false, 'outcome-unknown'],
  ])('a Warning on a write: %s', async (_what, shows, outcome) => {
    const op = find('put', 'services/executive/screening/');
    const { result, error, trace } = await run(
      op,
      (c) =>
        c.type === 'UserExecutiveModifyScreeningAlertingRequest'
          ? { error: '[Warning 4600] completed with a warning', type: 'Warning' }
          : { data: 'UserExecutiveGetScreeningAlertingResponse', body: { ...SA_FULL, enableScreening: String(shows) } },
      { enabled: true },
    );
    expect(result ? 'applied' : error?.slug).toBe(outcome);
    if (!shows) expect([error?.slug, error?.extras.backend?.code]).toEqual(['outcome-unknown', 4600]);
    expect(trace.applied).toBe(shows);
  });

  it('404 when the user is in another group, with nothing else sent', async () => {
    const exec = fakeExecutor(() => MEMBER('acme-ent', 'acme-branch'));
    const engine = new MappingEngine({ executor: exec, membershipCacheMs: 60_000 });
    const op = find('get', 'services/executive/screening/');
    await expect(engine.run(op, op.validate({ params: PATH, query: {}, body: undefined }))).rejects.toMatchObject({
      slug: 'service-not-assigned',
    });
    expect(exec.documents).toHaveLength(1);
  });

  it('404 on [Error 4410] for the executive command', async () => {
    const { error } = await run(find('get', 'services/executive/alerting/'), () => ({
      error: '[Error 4410] Service is not assigned to this subscriber: Executive',
    }));
    expect(error).toMatchObject({ slug: 'service-not-assigned' });
  });

  it('GET criteria: 404 decided from the table, whatever the Get21 error says', async () => {
    const { error } = await run(
      find('get', 'services/executive/criteria/{name}/'),
      (c) =>
        c.type === 'UserExecutiveGetFilteringRequest'
          ? filteringReply([['true', 'A']])
          : { error: '[Error 9999] something' },
      undefined,
      { name: 'Missing' },
    );
    expect(error).toMatchObject({ slug: 'resource-not-found' });
  });

  it('POST with active: a refused Add sends no activation, re-reads, answers 400 pointing at the name', async () => {
    const op = find('post', 'services/executive/criteria/');
    const { error, exec } = await run(
      op,
      (c) => {
        if (c.type === 'UserExecutiveAddFilteringSelectiveCriteriaRequest')
          return { error: '[Error 4200] Criteria already exists: Dup name' };
        if (c.type === 'UserExecutiveGetFilteringRequest') return filteringReply([['false', 'Dup name']]);
        return { success: true };
      },
      { name: 'Dup name', active: true },
    );
    expect(error).toMatchObject({ slug: 'rejected-by-backend' });
    expect(error!.extras.backendErrors).toEqual([{ pointer: '/name', message: 'refused by BroadWorks' }]);
    expect(exec.documents.map((d) => d.map((c) => c.type))).toEqual([
      ['UserGetRequest23V2', 'UserServiceIsAssignedRequest'],
      ['UserExecutiveAddFilteringSelectiveCriteriaRequest'],
      ['UserExecutiveGetFilteringRequest'],
    ]);
  });

  it('PUT criteria on a missing criteria: 404 from the table re-read in the same document', async () => {
    const { error, exec } = await run(
      find('put', 'services/executive/criteria/{name}/'),
      (c) => {
        if (c.type === 'UserExecutiveGetFilteringRequest') return filteringReply([['false', 'Other']]);
        return { error: '[Error 9998] whatever' };
      },
      { filter: true },
      { name: 'Missing' },
    );
    expect(error).toMatchObject({ slug: 'resource-not-found' });
    expect(exec.documents).toHaveLength(2);
  });

  it('PUT assistants with an unknown assistant: 400 pointing at it, not 404', async () => {
    const { error } = await run(
      find('put', 'services/executive/assistants/'),
      (c) =>
        c.type === 'UserExecutiveModifyAssistantRequest'
          ? { error: '[Error 4008] User not found: ghost@acme.example.com' }
          : {
              data: 'UserExecutiveGetAssistantResponse',
              body: { allowOptInOut: 'false', assistantUserTable: table(USER_HEADINGS, []) },
            },
      { assistantUserIds: ['asst1@acme.example.com', 'ghost@acme.example.com'] },
    );
    expect(error).toMatchObject({ slug: 'rejected-by-backend' });
    expect(error!.extras.backendErrors).toEqual([{ pointer: '/assistantUserIds/1', message: 'refused by BroadWorks' }]);
  });
});
