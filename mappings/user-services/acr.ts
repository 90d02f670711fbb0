import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/acr/: Anonymous Call Rejection (UserAnonymousCallRejectionGetRequest / UserAnonymousCallRejectionModifyRequest), APIO's path and field (`active`).
 */

export const anonymousCallRejection = settingsResource({
  name: 'acr',
  tag: 'Anonymous Call Rejection',
  service: 'Anonymous Call Rejection',
  path: 'services/acr/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserAnonymousCallRejectionGetRequest',
  modify: 'UserAnonymousCallRejectionModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
  },
  getOperation: {
    operationId: 'getAnonymousCallRejection',
    summary: 'Display Anonymous Call Rejection',
    example: { active: false },
  },
  putOperation: {
    operationId: 'updateAnonymousCallRejection',
    summary: 'Update Anonymous Call Rejection',
    description: 'Partial update: absent keys are left unchanged.',
    requestExample: { active: true },
    responseExample: { active: true },
  },
});
