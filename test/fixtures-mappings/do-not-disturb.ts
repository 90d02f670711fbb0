import { kind, settingsResource } from '../../src/mapping/define';

/** Test-only proof that a new resource needs a mapping file and nothing under src/. */
export const doNotDisturb = settingsResource({
  name: 'do-not-disturb',
  tag: 'Do Not Disturb',
  path: 'services/do_not_disturb/',
  get: 'UserDoNotDisturbGetRequest',
  modify: 'UserDoNotDisturbModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    ringSplash: { el: 'ringSplash', kind: kind.boolean },
  },
  getOperation: {
    operationId: 'getDoNotDisturb',
    summary: 'Display Do Not Disturb',
    example: { active: false, ringSplash: false },
  },
  putOperation: {
    operationId: 'updateDoNotDisturb',
    summary: 'Update Do Not Disturb',
    requestExample: { active: true, ringSplash: true },
    responseExample: { active: true, ringSplash: true },
  },
});
