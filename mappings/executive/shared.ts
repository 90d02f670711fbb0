import { z } from 'zod';
import { xsd } from '../../src/mapping/schema-types';
import type { ElementSpec, OutSpec } from '../../src/mapping/types';

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

/** Reference §7.8: a user summary from an OCITable row, by column heading. */
export const userSummaryFields: Record<string, OutSpec> = {
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
const phoneNumbers = z.array(xsd.dn()).max(12);

// The schedule type is implied by the element: timeSchedule is always Time, holidaySchedule Holiday.
export const timeScheduleSchema = z.strictObject({
  level: scheduleLevel,
  name: xsd.scheduleName(),
  type: z.literal('Time').optional(),
});
export const holidayScheduleSchema = z.strictObject({
  level: scheduleLevel,
  name: xsd.scheduleName(),
  type: z.literal('Holiday').optional(),
});

/** POST: filter and fromDnCriteria are required by OCI, so the REST side has documented defaults. */
export const fromDnCreateSchema = z.strictObject({
  selection: dnSelection.default('Any'),
  includeAnonymousCallers: z.boolean().default(false),
  includeUnavailableCallers: z.boolean().default(false),
  phoneNumbers: phoneNumbers.optional(),
});

export const fromDnModifySchema = z.strictObject({
  selection: dnSelection.optional(),
  includeAnonymousCallers: z.boolean().optional(),
  includeUnavailableCallers: z.boolean().optional(),
  phoneNumbers: phoneNumbers.nullable().optional(),
});

export const criteriaNameSchema = xsd.criteriaName();

export const criteriaResponseSchema = z.object({
  name: z.string(),
  timeSchedule: z.object({ level: scheduleLevel, name: z.string(), type: z.literal('Time') }).nullable(),
  holidaySchedule: z.object({ level: scheduleLevel, name: z.string(), type: z.literal('Holiday') }).nullable(),
  filter: z.boolean(),
  fromDnCriteria: z.object({
    selection: dnSelection,
    includeAnonymousCallers: z.boolean(),
    includeUnavailableCallers: z.boolean(),
    phoneNumbers: z.array(z.string()),
  }),
  active: z.boolean().nullable(),
});

/** TimeSchedule / HolidaySchedule: `type` holds the level (Tenant → Service Provider), then `name`. */
export const scheduleFields: ElementSpec[] = [
  { el: 'type', from: '.level', transform: 'scheduleLevel' },
  { el: 'name', from: '.name' },
];

/** Criteria details read from UserExecutiveGetFilteringSelectiveCriteriaResponse21 under the alias `criteria`. */
export const criteriaDetailOutput: Record<string, OutSpec> = {
  timeSchedule: {
    ifPresent: 'criteria.timeSchedule',
    object: {
      level: { text: 'criteria.timeSchedule.type', transform: 'scheduleLevel' },
      name: { text: 'criteria.timeSchedule.name' },
      type: { constant: 'Time' },
    },
  },
  holidaySchedule: {
    ifPresent: 'criteria.holidaySchedule',
    object: {
      level: { text: 'criteria.holidaySchedule.type', transform: 'scheduleLevel' },
      name: { text: 'criteria.holidaySchedule.name' },
      type: { constant: 'Holiday' },
    },
  },
  filter: { text: 'criteria.filter', transform: 'boolean' },
  fromDnCriteria: {
    object: {
      selection: { text: 'criteria.fromDnCriteria.fromDnCriteriaSelection' },
      includeAnonymousCallers: { text: 'criteria.fromDnCriteria.includeAnonymousCallers', transform: 'boolean' },
      includeUnavailableCallers: { text: 'criteria.fromDnCriteria.includeUnavailableCallers', transform: 'boolean' },
      phoneNumbers: { texts: 'criteria.fromDnCriteria.phoneNumber' },
    },
  },
};

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
