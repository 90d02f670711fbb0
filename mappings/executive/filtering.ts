import { z } from 'zod';
import { kind, settingsResource, table } from '../../src/mapping/define';
import { criteriaDetailOutput, criteriaNameSchema, criteriaResponseSchema, exampleCriteria } from './shared';

/**
 * GET/PUT services/executive/filtering/. The criteria table lacks schedules and caller
 * lists, so a second document reads every criteria (Get…Criteria21, one per row). `criteria`
 * is read from that table and written as criteriaActivation items (only `active` changes).
 */

const filteringMode = z.enum(['Simple', 'Advanced']);
const simpleFilterType = z.enum(['All Calls', 'All Internal Calls', 'All External Calls']);

// Reference: the R25 headings of the criteria table.
const criteriaTable = table([
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

const example = { enabled: false, mode: 'Simple', type: 'All Calls', criteria: [exampleCriteria] };

export const filtering = settingsResource({
  name: 'executive-filtering',
  tag: 'Executive',
  service: 'Executive',
  path: 'services/executive/filtering/',
  assistantMayCall: true,
  get: 'UserExecutiveGetFilteringRequest',
  modify: 'UserExecutiveModifyFilteringRequest',
  fields: {
    enabled: { el: 'enableFiltering', kind: kind.boolean },
    mode: { el: 'filteringMode', kind: kind.choice(filteringMode) },
    type: { el: 'simpleFilterType', kind: kind.choice(simpleFilterType) },
    criteria: {
      read: {
        el: 'criteriaTable',
        kind: criteriaTable.rows(
          { name: { cell: 'Criteria Name' }, active: { cell: 'Is Active', transform: 'boolean' } },
          criteriaResponseSchema,
          {
            command: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
            as: 'criteria',
            elements: { criteriaName: 'Criteria Name' },
            fields: criteriaDetailOutput,
          },
        ),
      },
      write: {
        el: 'criteriaActivation',
        // Loose: the other criteria keys of an item are ignored, as the APIO note says.
        kind: kind.items(
          {
            name: { el: 'criteriaName', kind: kind.text(criteriaNameSchema) },
            active: { el: 'isActive', kind: kind.boolean },
          },
          { loose: true },
        ),
      },
    },
  },
  getOperation: {
    operationId: 'getExecutiveFiltering',
    summary: "Display Executive's filtering options",
    example,
  },
  putOperation: {
    operationId: 'updateExecutiveFiltering',
    summary: "Update Executive's filtering options",
    description:
      'Partial update. In `criteria`, only `active` of existing criteria changes (other keys of an item are ignored, as documented); use criteria/ to create or edit criteria.',
    requestExample: {
      enabled: false,
      mode: 'Advanced',
      type: 'All Calls',
      criteria: [{ name: 'VIP callers', active: false }],
    },
    responseExample: example,
  },
});
