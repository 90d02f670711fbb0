import { z } from 'zod';
import { queryBoolean } from '../../src/mapping/schema-types';
import type { ResourceMapping } from '../../src/mapping/types';
import { exampleUser, userSummaryFields, userSummarySchema } from './shared';

/** Rows asked of BroadWorks when `limit` is absent, and the most a caller may ask for. */
export const AVAILABLE_ASSISTANTS_DEFAULT_LIMIT = 1000;
export const AVAILABLE_ASSISTANTS_MAX_LIMIT = 5000;

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
        'Users that may be assigned as assistants. `sameGroupOnly` (default true) may be given as a query parameter or, as the APIO document shows, in a JSON body; the query parameter wins. ' +
        `At most \`limit\` users are returned (default ${AVAILABLE_ASSISTANTS_DEFAULT_LIMIT}, at most ${AVAILABLE_ASSISTANTS_MAX_LIMIT}; BroadWorks is asked for one more, as \`responseSizeLimit\`); \`truncated\` is true when there were more.`,
      query: z.object({
        sameGroupOnly: queryBoolean().optional(),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(AVAILABLE_ASSISTANTS_MAX_LIMIT)
          .optional()
          .describe('Most users to return'),
      }),
      body: z.strictObject({ sameGroupOnly: z.boolean().optional() }),
      bodyOptional: true,
      requestExample: { sameGroupOnly: false },
      response: z.object({
        users: z.array(userSummarySchema),
        truncated: z.boolean().describe('true when there were more users than `limit`'),
      }),
      responseExample: { users: [exampleUser], truncated: false },
      vars: {
        sameGroupOnly: { from: ['query.sameGroupOnly', 'body.sameGroupOnly'], transform: 'boolean', default: 'true' },
        limit: { from: 'query.limit', default: AVAILABLE_ASSISTANTS_DEFAULT_LIMIT },
      },
      documents: [
        [
          {
            type: 'UserExecutiveGetAvailableAssistantListRequest',
            as: 'available',
            fields: [
              { el: 'userId', from: 'path.user' },
              { el: 'responseSizeLimit', from: 'var.limit', transform: 'oneMore' },
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
      output: {
        object: {
          users: { rows: 'available.userTable', fields: userSummaryFields, max: 'var.limit' },
          truncated: { rowsExceed: 'available.userTable', max: 'var.limit' },
        },
      },
    },
  ],
};
