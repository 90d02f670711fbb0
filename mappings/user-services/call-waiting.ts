import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/call_waiting/: Call Waiting (UserCallWaitingGetRequest17sp4 / UserCallWaitingModifyRequest), APIO's path and fields (`active`, `disableCallingLineIdDelivery`).
 */

export const callWaiting = settingsResource({
  name: 'call-waiting',
  tag: 'Call Waiting',
  service: 'Call Waiting',
  path: 'services/call_waiting/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserCallWaitingGetRequest17sp4',
  modify: 'UserCallWaitingModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    disableCallingLineIdDelivery: { el: 'disableCallingLineIdDelivery', kind: kind.boolean },
  },
  getOperation: {
    operationId: 'getCallWaiting',
    summary: 'Display Call Waiting',
    example: { active: true, disableCallingLineIdDelivery: false },
  },
  putOperation: {
    operationId: 'updateCallWaiting',
    summary: 'Update Call Waiting',
    description: 'Partial update: absent keys are left unchanged.',
    requestExample: { disableCallingLineIdDelivery: true },
    responseExample: { active: true, disableCallingLineIdDelivery: true },
  },
});
