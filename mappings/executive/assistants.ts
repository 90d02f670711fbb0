import { z } from 'zod';
import { xsd } from '../../src/mapping/schema-types';
import { kind, settingsResource, table } from '../../src/mapping/define';
import { exampleUser, userHeadings, userSummaryFields, userSummarySchema, userTailHeadings } from './shared';

/**
 * GET/PUT services/executive/assistants/. The REST names differ per direction (rows read as
 * `assistantUsers`, ids written as `assistantUserIds`), so they are two fields, one each way.
 */

// Reference §7.8: "Opt-in" sits between the user columns and the tail.
const assistantTable = table([...userHeadings, 'Opt-in', ...userTailHeadings]);

// Beside the user summary, whether the assistant has opted in (the OCI "Opt-in" column).
const assistantUserSchema = userSummarySchema.extend({
  optInStatus: z.boolean().describe('The assistant has opted in (OCI "Opt-in")'),
});
const responseExample = { allowOptInOut: false, assistantUsers: [{ ...exampleUser, optInStatus: true }] };

export const assistants = settingsResource({
  name: 'executive-assistants',
  tag: 'Executive',
  service: 'Executive',
  path: 'services/executive/assistants/',
  get: 'UserExecutiveGetAssistantRequest',
  modify: 'UserExecutiveModifyAssistantRequest',
  fields: {
    allowOptInOut: { el: 'allowOptInOut', kind: kind.boolean },
    assistantUsers: {
      dir: 'read',
      el: 'assistantUserTable',
      kind: assistantTable.rows(
        { ...userSummaryFields, optInStatus: { cell: 'Opt-in', transform: 'boolean' } },
        assistantUserSchema,
      ),
    },
    assistantUserIds: {
      dir: 'write',
      el: 'assistantUserIdList',
      kind: kind.list(xsd.userId(), 'userId'),
      nillable: true,
    },
  },
  getOperation: {
    operationId: 'getExecutiveAssistants',
    summary: "Display Executive's assigned assistants",
    example: responseExample,
  },
  putOperation: {
    operationId: 'updateExecutiveAssistants',
    summary: "Update Executive's assigned assistants",
    description: 'Partial update. `assistantUserIds` replaces the whole list, in order; `[]` or null clears it.',
    // Request examples run as they are against the demo data (the /docs page, the contract tests).
    requestExample: { allowOptInOut: true, assistantUserIds: ['asst1@acme.example.com', 'asst3@acme.example.com'] },
    responseExample,
    changesAssistantsOf: 'path.user',
  },
});
