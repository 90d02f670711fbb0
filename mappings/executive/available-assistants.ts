import { z } from 'zod';
import { queryBoolean } from '../../src/mapping/schema-types';
import type { ResourceMapping } from '../../src/mapping/types';
import { exampleUser, userSummaryFields, userSummarySchema } from './shared';

/** GET services/executive/available_assistants/ (UserExecutiveGetAvailableAssistantListRequest). */
export const availableAssistants: ResourceMapping = {
  name: 'executive-available-assistants',
  tag: 'Executive',
  service: 'Executive',
  operations: [
    {
      method: 'get',
      path: 'services/executive/available_assistants/',
      operationId: 'getExecutiveAvailableAssistants',
      summary: 'Display Executive available assistants',
      description:
        'Users that may be assigned as assistants. `sameGroupOnly` (default true) may be given as a query parameter or, as the APIO document shows, in a JSON body; the query parameter wins.',
      query: z.object({ sameGroupOnly: queryBoolean().optional() }),
      body: z.strictObject({ sameGroupOnly: z.boolean().optional() }),
      bodyOptional: true,
      response: z.object({ users: z.array(userSummarySchema) }),
      responseExample: { users: [exampleUser] },
      vars: {
        sameGroupOnly: { from: ['query.sameGroupOnly', 'body.sameGroupOnly'], transform: 'boolean', default: 'true' },
      },
      documents: [
        [
          {
            type: 'UserExecutiveGetAvailableAssistantListRequest',
            as: 'available',
            fields: [
              { el: 'userId', from: 'path.user' },
              {
                el: 'searchCriteriaExactUserGroup',
                when: { isTrue: 'var.sameGroupOnly' },
                fields: [
                  { el: 'serviceProviderId', from: 'path.tenant' },
                  { el: 'groupId', from: 'path.group' },
                ],
              },
            ],
          },
        ],
      ],
      output: { object: { users: { rows: 'available.userTable', fields: userSummaryFields } } },
    },
  ],
};
