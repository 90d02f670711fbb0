import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/clir/: Calling Line ID Delivery Blocking (UserCallingLineIDDeliveryBlockingGetRequest / UserCallingLineIDDeliveryBlockingModifyRequest), APIO's path and field (`active`).
 */

export const callingLineIdDeliveryBlocking = settingsResource({
  name: 'clir',
  tag: 'Calling Line ID Delivery Blocking',
  service: 'Calling Line ID Delivery Blocking',
  path: 'services/clir/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserCallingLineIDDeliveryBlockingGetRequest',
  modify: 'UserCallingLineIDDeliveryBlockingModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
  },
  getOperation: {
    operationId: 'getCallingLineIdDeliveryBlocking',
    summary: 'Display Calling Line ID Delivery Blocking',
    example: { active: false },
  },
  putOperation: {
    operationId: 'updateCallingLineIdDeliveryBlocking',
    summary: 'Update Calling Line ID Delivery Blocking',
    description: 'Partial update: absent keys are left unchanged.',
    requestExample: { active: true },
    responseExample: { active: true },
  },
});
