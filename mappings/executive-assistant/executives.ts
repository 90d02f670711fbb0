import { z } from 'zod';
import { xsd } from '../../src/mapping/schema-types';
import type { CommandSpec, OutSpec, ResourceMapping } from '../../src/mapping/types';
import { exampleUser, userSummaryFields, userSummarySchema } from '../executive/shared';

/**
 * GET/PUT services/executive_assistant/executives/ (UserExecutiveAssistantGetRequest /
 * ModifyRequest): the assistant's divert settings and the executives it serves, with its
 * opt-in per executive. Only the opt-in flags of executives change; the PUT reads first.
 */

const read: CommandSpec = {
  type: 'UserExecutiveAssistantGetRequest',
  as: 'ea',
  fields: [{ el: 'userId', from: 'path.user' }],
};

const output: OutSpec = {
  object: {
    enableDivert: { text: 'ea.enableDivert', transform: 'boolean' },
    divertTo: { text: 'ea.divertToPhoneNumber' },
    executiveUsers: {
      rows: 'ea.executiveTable',
      fields: {
        ...userSummaryFields,
        optInStatus: { cell: 'Assistant Opt-in Status', transform: 'boolean' },
        optInAllowed: { cell: 'Executive Allow Opt-in', transform: 'boolean' },
      },
    },
  },
};

const executiveUserSchema = userSummarySchema.extend({
  optInStatus: z.boolean().describe('The assistant has opted in with this executive (OCI "Assistant Opt-in Status")'),
  optInAllowed: z.boolean().describe('The executive lets its assistants opt in and out (OCI "Executive Allow Opt-in")'),
});
const response = z.object({
  enableDivert: z.boolean(),
  divertTo: z.string().nullable(),
  executiveUsers: z.array(executiveUserSchema),
});
const responseExample = {
  enableDivert: true,
  divertTo: '+3223661299',
  executiveUsers: [{ ...exampleUser, optInStatus: true, optInAllowed: true }],
};

const body = z.strictObject({
  enableDivert: z.boolean().optional(),
  divertTo: xsd.outgoingDnOrSipUri().nullable().optional(),
  executiveUsers: z
    .array(z.strictObject({ userId: xsd.userId(), optInStatus: z.boolean() }))
    .refine((items) => new Set(items.map((i) => i.userId)).size === items.length, 'an executive is listed twice')
    .optional(),
});

export const executiveAssistantExecutives: ResourceMapping = {
  name: 'executive-assistant-executives',
  tag: 'Executive Assistant',
  service: 'Executive-Assistant',
  // The demo assistant of exec1, so the /docs examples run on the demo data.
  parameterExamples: { user: 'asst1@acme.example.com' },
  operations: [
    {
      method: 'get',
      path: 'services/executive_assistant/executives/',
      operationId: 'getExecutiveAssistantExecutives',
      summary: "Display an assistant's divert settings and executives",
      description:
        'The executives whose assistant table lists this user, with its opt-in (`optInStatus`) and whether the executive lets assistants opt in and out (`optInAllowed`). `divertTo` is null when BroadWorks holds no number.',
      response,
      responseExample,
      documents: [[read]],
      output,
    },
    {
      method: 'put',
      path: 'services/executive_assistant/executives/',
      operationId: 'updateExecutiveAssistantExecutives',
      changesAssistantsOf: 'body.executiveUsers',
      summary: "Update an assistant's divert settings and opt-in per executive",
      description:
        'Partial update: absent keys are left unchanged; `divertTo: null` clears the number. In `executiveUsers` only `optInStatus` changes. The current state is read first: an executive this user does not assist, or an opt-in change where the executive does not allow opt-in/out, is a 400 naming it and nothing is written (re-sending the current value is not a change).',
      body,
      requestExample: {
        enableDivert: false,
        divertTo: '+3223661277',
        executiveUsers: [{ userId: 'exec1@acme.example.com', optInStatus: true }],
      },
      response,
      responseExample,
      checks: {
        read: [read],
        items: [
          {
            each: 'body.executiveUsers',
            key: 'userId',
            rows: 'ea.executiveTable',
            column: 'User Id',
            missing: 'is not an executive of this assistant',
            refuse: [
              {
                cell: 'Executive Allow Opt-in',
                equals: 'false',
                changes: { field: 'optInStatus', cell: 'Assistant Opt-in Status', transform: 'boolean' },
                message: 'does not allow its assistants to opt in or out',
              },
            ],
          },
        ],
      },
      documents: [
        [
          {
            type: 'UserExecutiveAssistantModifyRequest',
            fields: [
              { el: 'userId', from: 'path.user' },
              { el: 'enableDivert', from: 'body.enableDivert', transform: 'boolean' },
              { el: 'divertToPhoneNumber', from: 'body.divertTo' },
              {
                el: 'optInStatus',
                from: 'body.executiveUsers',
                repeat: true,
                fields: [
                  { el: 'executiveUserId', from: '.userId' },
                  { el: 'optIn', from: '.optInStatus', transform: 'boolean' },
                ],
              },
            ],
          },
          read,
        ],
      ],
      output,
    },
  ],
};
