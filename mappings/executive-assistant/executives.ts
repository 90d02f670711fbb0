import { z } from 'zod';
import { xsd } from '../../src/mapping/schema-types';
import { kind, settingsResource, table } from '../../src/mapping/define';
import { exampleUser, userHeadings, userSummaryFields, userSummarySchema } from '../executive/shared';

/**
 * GET/PUT services/executive_assistant/executives/ (UserExecutiveAssistantGetRequest /
 * ModifyRequest): the assistant's divert settings and the executives it serves, with its
 * opt-in per executive. Only the opt-in flags of executives change; the PUT reads first.
 */

// Reference: executiveTable has the user columns, then the two opt-in columns.
const executiveTable = table([...userHeadings, 'Assistant Opt-in Status', 'Executive Allow Opt-in']);

const executiveUserSchema = userSummarySchema.extend({
  optInStatus: z.boolean().describe('The assistant has opted in with this executive (OCI "Assistant Opt-in Status")'),
  optInAllowed: z.boolean().describe('The executive lets its assistants opt in and out (OCI "Executive Allow Opt-in")'),
});
const responseExample = {
  enableDivert: true,
  divertTo: '+3223661299',
  executiveUsers: [{ ...exampleUser, optInStatus: true, optInAllowed: true }],
};

export const executiveAssistantExecutives = settingsResource({
  name: 'executive-assistant-executives',
  tag: 'Executive Assistant',
  service: 'Executive-Assistant',
  // The demo assistant of exec1, so the /docs examples run on the demo data.
  parameterExamples: { user: 'asst1@acme.example.com' },
  path: 'services/executive_assistant/executives/',
  get: 'UserExecutiveAssistantGetRequest',
  modify: 'UserExecutiveAssistantModifyRequest',
  fields: {
    enableDivert: { el: 'enableDivert', kind: kind.boolean },
    divertTo: { el: 'divertToPhoneNumber', kind: kind.text(xsd.outgoingDnOrSipUri()), nillable: true },
    executiveUsers: {
      read: {
        el: 'executiveTable',
        kind: executiveTable.rows(
          {
            ...userSummaryFields,
            optInStatus: { cell: 'Assistant Opt-in Status', transform: 'boolean' },
            optInAllowed: { cell: 'Executive Allow Opt-in', transform: 'boolean' },
          },
          executiveUserSchema,
        ),
      },
      write: {
        el: 'optInStatus',
        kind: kind.items(
          {
            userId: { el: 'executiveUserId', kind: kind.text(xsd.userId()) },
            optInStatus: { el: 'optIn', kind: kind.boolean },
          },
          { unique: { key: 'userId', message: 'an executive is listed twice' } },
        ),
      },
      // Read first, inside the write lock: each item must be an executive of this assistant,
      // and an opt-in change needs the executive to allow it (re-sending the current value is not a change).
      check: executiveTable.check({
        key: 'userId',
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
      }),
    },
  },
  getOperation: {
    operationId: 'getExecutiveAssistantExecutives',
    summary: "Display an assistant's divert settings and executives",
    description:
      'The executives whose assistant table lists this user, with its opt-in (`optInStatus`) and whether the executive lets assistants opt in and out (`optInAllowed`). `divertTo` is null when BroadWorks holds no number.',
    example: responseExample,
  },
  putOperation: {
    operationId: 'updateExecutiveAssistantExecutives',
    summary: "Update an assistant's divert settings and opt-in per executive",
    description:
      'Partial update: absent keys are left unchanged; `divertTo: null` clears the number. In `executiveUsers` only `optInStatus` changes. The current state is read first: an executive this user does not assist, or an opt-in change where the executive does not allow opt-in/out, is a 400 naming it and nothing is written (re-sending the current value is not a change).',
    requestExample: {
      enableDivert: false,
      divertTo: '+3223661277',
      executiveUsers: [{ userId: 'exec1@acme.example.com', optInStatus: true }],
    },
    responseExample,
    changesAssistantsOf: 'body.executiveUsers',
  },
});
