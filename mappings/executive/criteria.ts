import { collectionResource } from '../../src/mapping/define-collection';
import {
  criteriaActive,
  criteriaFields,
  criteriaNameSchema,
  demoCreateCriteria,
  demoModifyCriteria,
  exampleCriteria,
} from './shared';

/**
 * POST services/executive/criteria/ and GET/PUT/DELETE services/executive/criteria/{name}/.
 * The fields are declared once in ./shared (filtering.ts lists them too). `active` lives in the
 * filtering table: written with ModifyFiltering/criteriaActivation in a second document, only
 * after the Add/Modify succeeded, and read from "Is Active".
 */
export const criteria = collectionResource({
  name: 'executive-criteria',
  tag: 'Executive',
  service: 'Executive',
  path: 'services/executive/criteria/',
  assistantMayCall: true,
  commands: {
    get: 'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
    add: 'UserExecutiveAddFilteringSelectiveCriteriaRequest',
    modify: 'UserExecutiveModifyFilteringSelectiveCriteriaRequest',
    delete: 'UserExecutiveDeleteFilteringSelectiveCriteriaRequest',
  },
  key: { name: 'name', schema: criteriaNameSchema, el: 'criteriaName', rename: 'newCriteriaName' },
  list: {
    command: 'UserExecutiveGetFilteringRequest',
    table: 'criteriaTable',
    column: 'Criteria Name',
    what: 'criteria',
  },
  fields: criteriaFields,
  flag: {
    ...criteriaActive,
    cell: 'Is Active',
    write: {
      command: 'UserExecutiveModifyFilteringRequest',
      el: 'criteriaActivation',
      key: 'criteriaName',
      value: 'isActive',
    },
  },
  operations: {
    get: {
      operationId: 'getExecutiveCriteria',
      summary: "Display user's executive filter criteria",
      example: exampleCriteria,
    },
    create: {
      operationId: 'createExecutiveCriteria',
      summary: "Create a user's executive filter criteria",
      description:
        'Answers 200 with the created criteria, and its path in `Location`. OCI requires `filter` and `fromDnCriteria`: when absent, `filter` defaults to true and `fromDnCriteria` to {selection: "Any", includeAnonymousCallers: false, includeUnavailableCallers: false}.',
      requestExample: demoCreateCriteria,
      example: exampleCriteria,
    },
    update: {
      operationId: 'updateExecutiveCriteria',
      summary: "Update a user's executive filter criteria",
      description:
        'Partial update. A `name` different from the path renames the criteria; null clears timeSchedule, holidaySchedule or fromDnCriteria.phoneNumbers.',
      requestExample: demoModifyCriteria,
      example: exampleCriteria,
    },
    delete: {
      operationId: 'deleteExecutiveCriteria',
      summary: "Delete a user's executive criteria",
      example: { name: 'Test Criteria 1' },
    },
  },
});
