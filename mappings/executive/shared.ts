import { z } from 'zod';
import { kind, type Kind, type RowFields } from '../../src/mapping/define';
import {
  itemFieldsOutput,
  itemResponseSchema,
  repeatedKind,
  type CollectionField,
} from '../../src/mapping/define-collection';
import { xsd } from '../../src/mapping/schema-types';

/** Pieces shared by several Executive resources: user summaries, schedules, criteria. */

export const departmentSchema = z.object({
  tenantId: z.string(),
  groupId: z.string().nullable(),
  departmentName: z.string(),
  fullPathName: z.string(),
});

export const userSummarySchema = z.object({
  userId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phoneNumber: z.string(),
  extension: z.string(),
  department: departmentSchema.optional(),
  emailAddress: z.string(),
});

/** Reference §7.8: the R25 headings every user table starts with (userTable, assistantUserTable, executiveTable). */
export const userHeadings = [
  'User Id',
  'Last Name',
  'First Name',
  'Hiragana Last Name',
  'Hiragana First Name',
  'Phone Number',
  'Extension',
  'Department',
  'Email Address',
] as const;
/** The headings user tables end with (userTable, assistantUserTable; not executiveTable). */
export const userTailHeadings = ['User External Id', 'User Place Type'] as const;

/** Reference §7.8: a user summary from an OCITable row, by column heading. */
export const userSummaryFields: RowFields<(typeof userHeadings)[number]> = {
  userId: { cell: 'User Id' },
  firstName: { cell: 'First Name' },
  lastName: { cell: 'Last Name' },
  phoneNumber: { cell: 'Phone Number', transform: 'phoneWithoutDash' },
  extension: { cell: 'Extension' },
  department: { cell: 'Department', transform: 'department' },
  emailAddress: { cell: 'Email Address' },
};

export const exampleUser = {
  userId: 'test_user@netaxis.be',
  firstName: 'Test',
  lastName: 'User',
  phoneNumber: '+3269441552',
  extension: '1552',
  department: {
    tenantId: 'test_tenant',
    groupId: 'test_group',
    departmentName: 'Test department',
    fullPathName: 'Test department (test_group)',
  },
  emailAddress: 'test.user@netaxis.be',
};

const scheduleLevel = z.enum(['User', 'Group', 'Tenant']);
const dnSelection = z.enum(['Any', 'Any Internal', 'Any External', 'Specified Only']);

export const criteriaNameSchema = xsd.criteriaName();

/** Schedule levels: OCI's `type` element, with Tenant ↔ Service Provider (transform scheduleLevel). */
const scheduleLevelKind: Kind = { write: scheduleLevel, read: scheduleLevel, transform: 'scheduleLevel' };
// The schedule type is implied by the element: timeSchedule is always Time, holidaySchedule Holiday.
const schedule = (type: 'Time' | 'Holiday') =>
  ({
    level: { el: 'type', kind: scheduleLevelKind },
    name: { el: 'name', kind: kind.text(xsd.scheduleName()) },
    type: { constant: type },
  }) as const;

type CriteriaField = CollectionField<
  'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
  'UserExecutiveAddFilteringSelectiveCriteriaRequest',
  'UserExecutiveModifyFilteringSelectiveCriteriaRequest'
>;

/**
 * The fields of one criteria, each declared once (mappings/executive/criteria.ts serves them;
 * filtering.ts lists them). OCI requires `filter` and `fromDnCriteria` on Add: POST defaults them.
 */
export const criteriaFields = {
  timeSchedule: { el: 'timeSchedule', nillable: true, members: schedule('Time') },
  holidaySchedule: { el: 'holidaySchedule', nillable: true, members: schedule('Holiday') },
  filter: { el: 'filter', kind: kind.boolean, default: true },
  fromDnCriteria: {
    el: 'fromDnCriteria',
    patch: true,
    defaultFromMembers: true,
    members: {
      selection: { el: 'fromDnCriteriaSelection', kind: kind.choice(dnSelection), default: 'Any' },
      includeAnonymousCallers: { el: 'includeAnonymousCallers', kind: kind.boolean, default: false },
      includeUnavailableCallers: { el: 'includeUnavailableCallers', kind: kind.boolean, default: false },
      phoneNumbers: {
        el: 'phoneNumber',
        onModify: { el: 'phoneNumberList', wrap: 'phoneNumber' },
        kind: repeatedKind(z.array(xsd.dn()).max(12)),
        nillable: true,
      },
    },
  },
} as const satisfies Readonly<Record<string, CriteriaField>>;

/** `active` lives in the filtering table ("Is Active"), written with ModifyFiltering/criteriaActivation. */
export const criteriaActive = { name: 'active', kind: kind.boolean } as const;

export const criteriaResponseSchema = itemResponseSchema('name', criteriaFields, criteriaActive);

/**
 * Criteria details read from UserExecutiveGetFilteringSelectiveCriteriaResponse21 under the alias
 * `criteria`; its paths are typed, so filtering.ts's fan-out checks them against that response.
 */
export const criteriaDetailOutput = itemFieldsOutput(criteriaFields, 'criteria');

/** A POST criteria/ body that succeeds against fixtures/demo-data.json (its schedules exist there). */
export const demoCreateCriteria = {
  name: 'Board members',
  active: true,
  filter: true,
  timeSchedule: { level: 'User', name: 'Office hours', type: 'Time' },
  fromDnCriteria: {
    selection: 'Specified Only',
    includeAnonymousCallers: false,
    includeUnavailableCallers: false,
    phoneNumbers: ['+3223661285'],
  },
};

/** A PUT criteria/{name}/ body for the demo data: renames and sets a holiday schedule that exists there. */
export const demoModifyCriteria = {
  name: 'Board',
  holidaySchedule: { level: 'Tenant', name: 'Public holidays', type: 'Holiday' },
};

export const exampleCriteria = {
  name: 'Test Criteria 1',
  timeSchedule: { level: 'User', name: 'My Office Hours', type: 'Time' },
  holidaySchedule: { level: 'Tenant', name: 'Group Holiday Schedule', type: 'Holiday' },
  filter: false,
  fromDnCriteria: {
    selection: 'Specified Only',
    includeAnonymousCallers: true,
    includeUnavailableCallers: true,
    phoneNumbers: ['+3223661285', '+3267219021'],
  },
  active: true,
};
