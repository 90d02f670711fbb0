import { z } from 'zod';
import type { CommandSpec, OutSpec, ResourceMapping } from '../../src/mapping/types';

/** Test-only proof that a new resource needs a mapping file and nothing under src/. */

const read: CommandSpec = {
  type: 'UserDoNotDisturbGetRequest',
  as: 'dnd',
  fields: [{ el: 'userId', from: 'path.user' }],
};
const output: OutSpec = {
  object: {
    active: { text: 'dnd.isActive', transform: 'boolean' },
    ringSplash: { text: 'dnd.ringSplash', transform: 'boolean' },
  },
};
const response = z.object({ active: z.boolean(), ringSplash: z.boolean() });

export const doNotDisturb: ResourceMapping = {
  name: 'do-not-disturb',
  tag: 'Do Not Disturb',
  operations: [
    {
      method: 'get',
      path: 'services/do_not_disturb/',
      operationId: 'getDoNotDisturb',
      summary: 'Display Do Not Disturb',
      response,
      responseExample: { active: false, ringSplash: false },
      documents: [[read]],
      output,
    },
    {
      method: 'put',
      path: 'services/do_not_disturb/',
      operationId: 'updateDoNotDisturb',
      summary: 'Update Do Not Disturb',
      body: z.strictObject({ active: z.boolean().optional(), ringSplash: z.boolean().optional() }),
      requestExample: { active: true, ringSplash: true },
      response,
      responseExample: { active: true, ringSplash: true },
      documents: [
        [
          {
            type: 'UserDoNotDisturbModifyRequest',
            fields: [
              { el: 'userId', from: 'path.user' },
              { el: 'isActive', from: 'body.active', transform: 'boolean' },
              { el: 'ringSplash', from: 'body.ringSplash', transform: 'boolean' },
            ],
          },
          read,
        ],
      ],
      output,
    },
  ],
};
