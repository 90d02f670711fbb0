import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/dnd/: Do Not Disturb (UserDoNotDisturbGetRequest / UserDoNotDisturbModifyRequest), APIO's path and fields (`active`, `ringSplash` — APIO's spelling, not `ringSplashActive`).
 */

export const doNotDisturb = settingsResource({
  name: 'dnd',
  tag: 'Do Not Disturb',
  service: 'Do Not Disturb',
  path: 'services/dnd/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserDoNotDisturbGetRequest',
  modify: 'UserDoNotDisturbModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    ringSplash: { el: 'ringSplash', kind: kind.boolean },
  },
  getOperation: {
    operationId: 'getDoNotDisturb',
    summary: 'Display Do Not Disturb',
    example: { active: true, ringSplash: true },
  },
  putOperation: {
    operationId: 'updateDoNotDisturb',
    summary: 'Update Do Not Disturb',
    description: 'Partial update: absent keys are left unchanged.',
    requestExample: { active: false },
    responseExample: { active: false, ringSplash: true },
  },
});
