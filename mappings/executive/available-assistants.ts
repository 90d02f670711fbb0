import { table } from '../../src/mapping/define';
import { listResource } from '../../src/mapping/define-list';
import { exampleUser, userHeadings, userSummaryFields, userSummarySchema, userTailHeadings } from './shared';

/** Rows asked of BroadWorks when `limit` is absent, and the most a caller may ask for. */
export const AVAILABLE_ASSISTANTS_DEFAULT_LIMIT = 1000;
export const AVAILABLE_ASSISTANTS_MAX_LIMIT = 5000;

const userTable = table([...userHeadings, ...userTailHeadings]);

/** GET services/executive/available_assistants/ (UserExecutiveGetAvailableAssistantListRequest). */
export const availableAssistants = listResource({
  name: 'executive-available-assistants',
  tag: 'Executive',
  service: 'Executive',
  path: 'services/executive/available_assistants/',
  command: 'UserExecutiveGetAvailableAssistantListRequest',
  operation: {
    operationId: 'getExecutiveAvailableAssistants',
    summary: 'Display Executive available assistants',
    description:
      'Users that may be assigned as assistants. `sameGroupOnly` (default true) may be given as a query parameter or, as the APIO document shows, in a JSON body; the query parameter wins. ' +
      `At most \`limit\` users are returned (default ${AVAILABLE_ASSISTANTS_DEFAULT_LIMIT}, at most ${AVAILABLE_ASSISTANTS_MAX_LIMIT}; BroadWorks is asked for one more, as \`responseSizeLimit\`); \`truncated\` is true when there were more.`,
    example: { users: [exampleUser], truncated: false },
  },
  rows: { name: 'users', el: 'userTable', kind: userTable.rows(userSummaryFields, userSummarySchema) },
  limit: {
    el: 'responseSizeLimit',
    default: AVAILABLE_ASSISTANTS_DEFAULT_LIMIT,
    max: AVAILABLE_ASSISTANTS_MAX_LIMIT,
    description: 'Most users to return',
    truncated: 'true when there were more users than `limit`',
  },
  flags: {
    sameGroupOnly: {
      el: 'searchCriteriaExactUserGroup',
      fields: { serviceProviderId: 'path.tenant', groupId: 'path.group' },
      default: true,
      inBody: { example: false },
    },
  },
});
