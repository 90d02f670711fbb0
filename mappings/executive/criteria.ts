import { z } from 'zod';
import type {
  CommandSpec,
  Condition,
  ElementSpec,
  ExistsCheck,
  OperationMapping,
  OutSpec,
  ResourceMapping,
} from '../../src/mapping/types';
import {
  criteriaDetailOutput,
  criteriaNameSchema,
  criteriaResponseSchema,
  demoCreateCriteria,
  demoModifyCriteria,
  exampleCriteria,
  fromDnCreateSchema,
  fromDnModifySchema,
  holidayScheduleSchema,
  scheduleFields,
  timeScheduleSchema,
} from './shared';

/**
 * POST services/executive/criteria/ and GET/PUT/DELETE services/executive/criteria/{name}/.
 * `active` lives in the filtering table: it is written with ModifyFiltering/criteriaActivation
 * in a second document, only after the Add/Modify succeeded, and read from "Is Active".
 */

const userId: ElementSpec<'userId'> = { el: 'userId', from: 'path.user' };
// Add and Modify share these elements, in this schema order, after the criteria name(s).
const scheduleAndFilter: ElementSpec<'timeSchedule' | 'holidaySchedule' | 'filter'>[] = [
  { el: 'timeSchedule', from: 'body.timeSchedule', fields: scheduleFields },
  { el: 'holidaySchedule', from: 'body.holidaySchedule', fields: scheduleFields },
  { el: 'filter', from: 'body.filter', transform: 'boolean' },
];
// fromDnCriteria of Add and Modify differ only in how the phone numbers are carried.
const fromDnFlags: ElementSpec[] = [
  { el: 'fromDnCriteriaSelection', from: '.selection' },
  { el: 'includeAnonymousCallers', from: '.includeAnonymousCallers', transform: 'boolean' },
  { el: 'includeUnavailableCallers', from: '.includeUnavailableCallers', transform: 'boolean' },
];

const readCriteria: CommandSpec = {
  type: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
  as: 'criteria',
  fields: [userId, { el: 'criteriaName', from: 'var.criteriaName' }],
};
const readTable: CommandSpec = { type: 'UserExecutiveGetFilteringRequest', as: 'filtering', fields: [userId] };
const activate: CommandSpec = {
  type: 'UserExecutiveModifyFilteringRequest',
  when: { present: 'body.active' },
  fields: [
    userId,
    {
      el: 'criteriaActivation',
      fields: [
        { el: 'criteriaName', from: 'var.criteriaName' },
        { el: 'isActive', from: 'body.active', transform: 'boolean' },
      ],
    },
  ],
};
const withoutActive: Condition = { absent: 'body.active' };
const withActive: Condition = { present: 'body.active' };

/** Without `active`: one document (write + reads). With it: write alone, then activation + reads. */
const afterWrite: CommandSpec[][] = [
  [activate, { ...readCriteria, when: withActive }, { ...readTable, when: withActive }],
];
const readsWithWrite: CommandSpec[] = [
  { ...readCriteria, when: withoutActive },
  { ...readTable, when: withoutActive },
];

const output: OutSpec = {
  object: {
    name: { input: 'var.criteriaName' },
    ...criteriaDetailOutput,
    active: {
      lookup: 'filtering.criteriaTable',
      column: 'Criteria Name',
      match: 'var.criteriaName',
      cell: 'Is Active',
      transform: 'boolean',
    },
  },
};

const params = z.object({ name: criteriaNameSchema });
const exists: ExistsCheck = {
  rows: 'filtering.criteriaTable',
  column: 'Criteria Name',
  equals: 'path.name',
  what: 'criteria',
};
const criteriaVars: OperationMapping['vars'] = { criteriaName: { from: ['body.name', 'path.name'] } };

export const criteria: ResourceMapping = {
  name: 'executive-criteria',
  tag: 'Executive',
  service: 'Executive',
  operations: [
    {
      method: 'get',
      path: 'services/executive/criteria/{name}/',
      operationId: 'getExecutiveCriteria',
      assistantMayCall: true,
      summary: "Display user's executive filter criteria",
      params,
      response: criteriaResponseSchema,
      responseExample: exampleCriteria,
      vars: { criteriaName: { from: 'path.name' } },
      documents: [[readCriteria, readTable]],
      exists,
      output,
    },
    {
      method: 'post',
      path: 'services/executive/criteria/',
      operationId: 'createExecutiveCriteria',
      assistantMayCall: true,
      summary: "Create a user's executive filter criteria",
      description:
        'Answers 200 with the created criteria. OCI requires `filter` and `fromDnCriteria`: when absent, `filter` defaults to true and `fromDnCriteria` to {selection: "Any", includeAnonymousCallers: false, includeUnavailableCallers: false}.',
      body: z.strictObject({
        name: criteriaNameSchema,
        active: z.boolean().optional(),
        timeSchedule: timeScheduleSchema.optional(),
        holidaySchedule: holidayScheduleSchema.optional(),
        filter: z.boolean().default(true),
        fromDnCriteria: fromDnCreateSchema.default({
          selection: 'Any',
          includeAnonymousCallers: false,
          includeUnavailableCallers: false,
        }),
      }),
      requestExample: demoCreateCriteria,
      response: criteriaResponseSchema,
      responseExample: exampleCriteria,
      vars: { criteriaName: { from: 'body.name' } },
      documents: [
        [
          {
            type: 'UserExecutiveAddFilteringSelectiveCriteriaRequest',
            fields: [
              userId,
              { el: 'criteriaName', from: 'body.name' },
              ...scheduleAndFilter,
              {
                el: 'fromDnCriteria',
                from: 'body.fromDnCriteria',
                fields: [...fromDnFlags, { el: 'phoneNumber', from: '.phoneNumbers', repeat: true }],
              },
            ],
          },
          ...readsWithWrite,
        ],
        ...afterWrite,
      ],
      verify: readTable,
      output,
    },
    {
      method: 'put',
      path: 'services/executive/criteria/{name}/',
      operationId: 'updateExecutiveCriteria',
      assistantMayCall: true,
      summary: "Update a user's executive filter criteria",
      description:
        'Partial update. A `name` different from the path renames the criteria; null clears timeSchedule, holidaySchedule or fromDnCriteria.phoneNumbers.',
      params,
      body: z.strictObject({
        name: criteriaNameSchema.optional(),
        active: z.boolean().optional(),
        timeSchedule: timeScheduleSchema.nullable().optional(),
        holidaySchedule: holidayScheduleSchema.nullable().optional(),
        filter: z.boolean().optional(),
        fromDnCriteria: fromDnModifySchema.optional(),
      }),
      requestExample: demoModifyCriteria,
      response: criteriaResponseSchema,
      responseExample: exampleCriteria,
      vars: criteriaVars,
      documents: [
        [
          {
            type: 'UserExecutiveModifyFilteringSelectiveCriteriaRequest',
            fields: [
              userId,
              { el: 'criteriaName', from: 'path.name' },
              { el: 'newCriteriaName', from: 'body.name', when: { differs: ['body.name', 'path.name'] } },
              ...scheduleAndFilter,
              {
                el: 'fromDnCriteria',
                from: 'body.fromDnCriteria',
                fields: [...fromDnFlags, { el: 'phoneNumberList', from: '.phoneNumbers', wrap: 'phoneNumber' }],
              },
            ],
          },
          ...readsWithWrite,
        ],
        ...afterWrite,
      ],
      verify: readTable,
      exists,
      output,
    },
    {
      method: 'delete',
      path: 'services/executive/criteria/{name}/',
      operationId: 'deleteExecutiveCriteria',
      assistantMayCall: true,
      summary: "Delete a user's executive criteria",
      params,
      response: z.object({ name: z.string() }),
      responseExample: { name: 'Test Criteria 1' },
      documents: [
        [
          {
            type: 'UserExecutiveDeleteFilteringSelectiveCriteriaRequest',
            fields: [userId, { el: 'criteriaName', from: 'path.name' }],
          },
          readTable,
        ],
      ],
      exists,
      output: { object: { name: { input: 'path.name' } } },
    },
  ],
};
