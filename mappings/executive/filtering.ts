import { z } from 'zod';
import type { CommandSpec, OutSpec, ResourceMapping } from '../../src/mapping/types';
import { criteriaDetailOutput, criteriaNameSchema, criteriaResponseSchema, exampleCriteria } from './shared';

/**
 * GET/PUT services/executive/filtering/. The criteria table lacks schedules and caller
 * lists, so a second document reads every criteria (Get…Criteria21, one per row).
 */

const filteringMode = z.enum(['Simple', 'Advanced']);
const simpleFilterType = z.enum(['All Calls', 'All Internal Calls', 'All External Calls']);

const readSettings: CommandSpec = {
  type: 'UserExecutiveGetFilteringRequest',
  as: 'filtering',
  fields: [{ el: 'userId', from: 'path.user' }],
};
const readEveryCriteria: CommandSpec = {
  type: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
  as: 'criteria',
  forEach: { rows: 'filtering.criteriaTable' },
  fields: [
    { el: 'userId', from: 'path.user' },
    { el: 'criteriaName', from: 'row.Criteria Name' },
  ],
};

const output: OutSpec = {
  object: {
    enabled: { text: 'filtering.enableFiltering', transform: 'boolean' },
    mode: { text: 'filtering.filteringMode' },
    type: { text: 'filtering.simpleFilterType' },
    criteria: {
      rows: 'filtering.criteriaTable',
      fanOut: 'criteria',
      fields: {
        name: { cell: 'Criteria Name' },
        active: { cell: 'Is Active', transform: 'boolean' },
        ...criteriaDetailOutput,
      },
    },
  },
};

const response = z.object({
  enabled: z.boolean(),
  mode: filteringMode,
  type: simpleFilterType,
  criteria: z.array(criteriaResponseSchema),
});
const responseExample = { enabled: false, mode: 'Simple', type: 'All Calls', criteria: [exampleCriteria] };

export const filtering: ResourceMapping = {
  name: 'executive-filtering',
  tag: 'Executive',
  service: 'Executive',
  operations: [
    {
      method: 'get',
      path: 'services/executive/filtering/',
      operationId: 'getExecutiveFiltering',
      assistantMayCall: true,
      summary: "Display Executive's filtering options",
      response,
      responseExample,
      documents: [[readSettings], [readEveryCriteria]],
      output,
    },
    {
      method: 'put',
      path: 'services/executive/filtering/',
      operationId: 'updateExecutiveFiltering',
      assistantMayCall: true,
      summary: "Update Executive's filtering options",
      description:
        'Partial update. In `criteria`, only `active` of existing criteria changes (other keys of an item are ignored, as documented); use criteria/ to create or edit criteria.',
      body: z.strictObject({
        enabled: z.boolean().optional(),
        mode: filteringMode.optional(),
        type: simpleFilterType.optional(),
        // Not strict: the other criteria keys are ignored, as the APIO note says.
        criteria: z.array(z.object({ name: criteriaNameSchema, active: z.boolean() })).optional(),
      }),
      requestExample: {
        enabled: false,
        mode: 'Advanced',
        type: 'All Calls',
        criteria: [{ name: 'VIP callers', active: false }],
      },
      response,
      responseExample,
      documents: [
        [
          {
            type: 'UserExecutiveModifyFilteringRequest',
            fields: [
              { el: 'userId', from: 'path.user' },
              { el: 'enableFiltering', from: 'body.enabled', transform: 'boolean' },
              { el: 'filteringMode', from: 'body.mode' },
              { el: 'simpleFilterType', from: 'body.type' },
              {
                el: 'criteriaActivation',
                from: 'body.criteria',
                repeat: true,
                fields: [
                  { el: 'criteriaName', from: '.name' },
                  { el: 'isActive', from: '.active', transform: 'boolean' },
                ],
              },
            ],
          },
          readSettings,
        ],
        [readEveryCriteria],
      ],
      output,
    },
  ],
};
