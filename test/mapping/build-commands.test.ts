import { serviceMappings } from '../../mappings';
import { exampleCriteria } from '../../mappings/executive/shared';
import { compileMappings, type CompiledOperation } from '../../src/mapping/compile';
import { buildDocument } from '../../src/oci/document';
import type { OciCommand } from '../../src/oci/command';
import { validateDocuments } from '../helpers/xsd';

const ops = compileMappings(serviceMappings);
const PATH = { tenant: 'acme-ent', group: 'acme-hq', user: 'exec1@acme.example.com' };

function find(method: string, path: string): CompiledOperation {
  const op = ops.find((o) => o.method === method && o.mapping.path === path);
  if (!op) throw new Error(`no ${method} ${path}`);
  return op;
}

/** Commands of every document the operation would send, given the reads answer nothing. */
function commandsOf(
  op: CompiledOperation,
  body: unknown,
  extra: Record<string, string> = {},
  query: Record<string, unknown> = {},
): OciCommand[][] {
  const input = op.validate({ params: { ...PATH, ...extra }, query, body });
  const scope = op.initScope(input);
  return op.documents.map((d) => d.flatMap((c) => c.build(scope))).filter((d) => d.length > 0);
}

describe('REST → OCI commands', () => {
  it('puts alerting elements in XSD order and sends no screening element', () => {
    const op = find('put', 'services/executive/alerting/');
    const [[modify, get]] = commandsOf(op, op.mapping.requestExample);
    expect(modify.type).toBe('UserExecutiveModifyScreeningAlertingRequest');
    expect(Object.keys(modify.body)).toEqual([
      'userId',
      'alertingMode',
      'alertingCallingLineIdNameMode',
      'alertingCustomCallingLineIdName',
      'unicodeAlertingCustomCallingLineIdName',
      'alertingCallingLineIdPhoneNumberMode',
      'alertingCustomCallingLineIdPhoneNumber',
      'callPushRecallNumberOfRings',
      'nextAssistantNumberOfRings',
      'enableRollover',
      'rolloverWaitTimeSeconds',
      'rolloverAction',
      'rolloverForwardToPhoneNumber',
    ]);
    expect(modify.body.callPushRecallNumberOfRings).toBe('4');
    expect(get.type).toBe('UserExecutiveGetScreeningAlertingRequest');
  });

  it('sends only the screening elements on PUT screening, and only the given ones', () => {
    const op = find('put', 'services/executive/screening/');
    const [[modify]] = commandsOf(op, { alertType: 'Ring Splash' });
    expect(modify.body).toEqual({ userId: PATH.user, screeningAlertType: 'Ring Splash' });
  });

  it('turns null into xsi:nil and [] into a nil replacement list', () => {
    const alerting = find('put', 'services/executive/alerting/');
    const [[m1]] = commandsOf(alerting, { rolloverWaitTime: null, cliCustomName: null });
    expect(m1.body).toEqual({
      userId: PATH.user,
      alertingCustomCallingLineIdName: null,
      rolloverWaitTimeSeconds: null,
    });
    const assistants = find('put', 'services/executive/assistants/');
    const [[m2]] = commandsOf(assistants, { assistantUserIds: [] });
    expect(m2.body).toEqual({ userId: PATH.user, assistantUserIdList: null });
    const [[m3]] = commandsOf(assistants, { assistantUserIds: ['a@x', 'b@x'] });
    expect(m3.body.assistantUserIdList).toEqual({ userId: ['a@x', 'b@x'] });
  });

  it('maps schedule level Tenant to Service Provider and implies the schedule type', () => {
    const op = find('post', 'services/executive/criteria/');
    // The APIO document's example (the request example of /docs is one that runs on the demo data).
    const [[add]] = commandsOf(op, exampleCriteria);
    expect(add.body.holidaySchedule).toEqual({ type: 'Service Provider', name: 'Group Holiday Schedule' });
    expect(add.body.timeSchedule).toEqual({ type: 'User', name: 'My Office Hours' });
  });

  it('POST with active: the Add alone first, then activation and reads', () => {
    const op = find('post', 'services/executive/criteria/');
    const docs = commandsOf(op, exampleCriteria);
    expect(docs.map((d) => d.map((c) => c.type))).toEqual([
      ['UserExecutiveAddFilteringSelectiveCriteriaRequest'],
      [
        'UserExecutiveModifyFilteringRequest',
        'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
        'UserExecutiveGetFilteringRequest',
      ],
    ]);
    expect(docs[1][0].body.criteriaActivation).toEqual({ criteriaName: 'Test Criteria 1', isActive: 'true' });
  });

  it('POST without active: one document; defaults for filter and fromDnCriteria', () => {
    const op = find('post', 'services/executive/criteria/');
    const docs = commandsOf(op, { name: 'Minimal' });
    expect(docs).toHaveLength(1);
    expect(docs[0].map((c) => c.type)).toEqual([
      'UserExecutiveAddFilteringSelectiveCriteriaRequest',
      'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
      'UserExecutiveGetFilteringRequest',
    ]);
    expect(docs[0][0].body).toEqual({
      userId: PATH.user,
      criteriaName: 'Minimal',
      filter: 'true',
      fromDnCriteria: {
        fromDnCriteriaSelection: 'Any',
        includeAnonymousCallers: 'false',
        includeUnavailableCallers: 'false',
      },
    });
  });

  it('PUT criteria renames with newCriteriaName and activates the new name', () => {
    const op = find('put', 'services/executive/criteria/{name}/');
    const docs = commandsOf(
      op,
      { name: 'Renamed', active: false, holidaySchedule: null, fromDnCriteria: { phoneNumbers: [] } },
      { name: 'Old name' },
    );
    expect(docs[0][0].body).toEqual({
      userId: PATH.user,
      criteriaName: 'Old name',
      newCriteriaName: 'Renamed',
      holidaySchedule: null,
      fromDnCriteria: { phoneNumberList: null },
    });
    expect(docs[1][0].body.criteriaActivation).toEqual({ criteriaName: 'Renamed', isActive: 'false' });
    expect(docs[1][1].body.criteriaName).toBe('Renamed');
  });

  it('PUT criteria with the same name sends no newCriteriaName', () => {
    const op = find('put', 'services/executive/criteria/{name}/');
    const [[modify]] = commandsOf(op, { name: 'Same', filter: true }, { name: 'Same' });
    expect(modify.body).toEqual({ userId: PATH.user, criteriaName: 'Same', filter: 'true' });
  });

  it('sameGroupOnly: true by default, false from the query or the JSON body', () => {
    const op = find('get', 'services/executive/available_assistants/');
    expect(commandsOf(op, undefined)[0][0].body.searchCriteriaExactUserGroup).toEqual({
      serviceProviderId: 'acme-ent',
      groupId: 'acme-hq',
    });
    expect(
      commandsOf(op, undefined, {}, { sameGroupOnly: '0' })[0][0].body.searchCriteriaExactUserGroup,
    ).toBeUndefined();
    expect(commandsOf(op, { sameGroupOnly: false })[0][0].body.searchCriteriaExactUserGroup).toBeUndefined();
    expect(
      commandsOf(op, { sameGroupOnly: false }, {}, { sameGroupOnly: 'true' })[0][0].body.searchCriteriaExactUserGroup,
    ).toBeDefined();
  });

  it('every command built from the examples (and clearing bodies) is valid against the R25 XSD', async () => {
    const bodies: [CompiledOperation, unknown, Record<string, string>?][] = ops.map(
      (op): [CompiledOperation, unknown, Record<string, string>] => [
        op,
        op.mapping.requestExample,
        op.mapping.params ? { name: 'Test Criteria 1' } : {},
      ],
    );
    bodies.push([
      find('put', 'services/executive/alerting/'),
      {
        cliCustomName: null,
        cliCustomNameUnicode: null,
        cliCustomPhoneNumber: null,
        rolloverWaitTime: null,
        rolloverForwardTo: null,
      },
    ]);
    bodies.push([find('put', 'services/executive/assistants/'), { assistantUserIds: [] }]);
    bodies.push([
      find('put', 'services/executive/criteria/{name}/'),
      { name: 'New', timeSchedule: null, holidaySchedule: null, fromDnCriteria: { phoneNumbers: null } },
      { name: 'Old' },
    ]);
    bodies.push([find('post', 'services/executive/criteria/'), { name: 'Minimal' }]);
    bodies.push([find('get', 'services/executive/available_assistants/'), { sameGroupOnly: false }]);
    const docs = bodies.flatMap(([op, body, extra], i) =>
      commandsOf(op, body, extra).map((commands, j) => ({
        fileName: `${op.mapping.operationId}-${i}-${j}.xml`,
        xml: buildDocument({ sessionId: 's', commands }),
      })),
    );
    // Fan-out commands need a table to run over: add one Get21 by hand.
    docs.push({
      fileName: 'get21.xml',
      xml: buildDocument({
        sessionId: 's',
        commands: [
          {
            type: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
            body: { userId: PATH.user, criteriaName: 'A b' },
          },
        ],
      }),
    });
    docs.push({
      fileName: 'membership.xml',
      xml: buildDocument({ sessionId: 's', commands: [{ type: 'UserGetRequest23V2', body: { userId: PATH.user } }] }),
    });
    expect(docs.length).toBeGreaterThan(15);
    expect(await validateDocuments(docs)).toEqual([]);
  });
});

it('the XSD check itself refuses a document with elements out of order', async () => {
  const xml = buildDocument({
    sessionId: 's',
    commands: [
      { type: 'UserExecutiveModifyScreeningAlertingRequest', body: { screeningAlertType: 'Silent', userId: 'u@x' } },
    ],
  });
  expect(await validateDocuments([{ fileName: 'bad.xml', xml }])).not.toEqual([]);
});
