import { z } from 'zod';
import { xsd } from '../../src/mapping/schema-types';
import type { CommandSpec, OutSpec, ResourceMapping } from '../../src/mapping/types';
import { exampleUser, userSummaryFields, userSummarySchema } from './shared';

/** GET/PUT services/executive/assistants/ (UserExecutiveGetAssistantRequest / ModifyAssistantRequest). */

const read: CommandSpec = {
  type: 'UserExecutiveGetAssistantRequest',
  as: 'assistants',
  fields: [{ el: 'userId', from: 'path.user' }],
};

const output: OutSpec = {
  object: {
    allowOptInOut: { text: 'assistants.allowOptInOut', transform: 'boolean' },
    assistantUsers: {
      rows: 'assistants.assistantUserTable',
      fields: { ...userSummaryFields, optInStatus: { cell: 'Opt-in', transform: 'boolean' } },
    },
  },
};

// Beside the user summary, whether the assistant has opted in (the OCI "Opt-in" column).
const assistantUserSchema = userSummarySchema.extend({
  optInStatus: z.boolean().describe('The assistant has opted in (OCI "Opt-in")'),
});
const response = z.object({ allowOptInOut: z.boolean(), assistantUsers: z.array(assistantUserSchema) });
const responseExample = { allowOptInOut: false, assistantUsers: [{ ...exampleUser, optInStatus: true }] };

export const assistants: ResourceMapping = {
  name: 'executive-assistants',
  tag: 'Executive',
  service: 'Executive',
  operations: [
    {
      method: 'get',
      path: 'services/executive/assistants/',
      operationId: 'getExecutiveAssistants',
      summary: "Display Executive's assigned assistants",
      response,
      responseExample,
      documents: [[read]],
      output,
    },
    {
      method: 'put',
      path: 'services/executive/assistants/',
      operationId: 'updateExecutiveAssistants',
      changesAssistantsOf: 'path.user',
      summary: "Update Executive's assigned assistants",
      description: 'Partial update. `assistantUserIds` replaces the whole list, in order; `[]` or null clears it.',
      body: z.strictObject({
        allowOptInOut: z.boolean().optional(),
        assistantUserIds: z.array(xsd.userId()).nullable().optional(),
      }),
      // Request examples run as they are against the demo data (the /docs page, the contract tests).
      requestExample: { allowOptInOut: true, assistantUserIds: ['asst1@acme.example.com', 'asst3@acme.example.com'] },
      response,
      responseExample,
      documents: [
        [
          {
            type: 'UserExecutiveModifyAssistantRequest',
            fields: [
              { el: 'userId', from: 'path.user' },
              { el: 'allowOptInOut', from: 'body.allowOptInOut', transform: 'boolean' },
              { el: 'assistantUserIdList', from: 'body.assistantUserIds', wrap: 'userId' },
            ],
          },
          read,
        ],
      ],
      output,
    },
  ],
};
