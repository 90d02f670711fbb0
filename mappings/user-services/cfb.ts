import { xsd } from '../../src/mapping/schema-types';
import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/cfb/: Call Forwarding Busy (UserCallForwardingBusyGetRequest / UserCallForwardingBusyModifyRequest), APIO's path and fields (`active`, `destination`).
 */

export const callForwardingBusy = settingsResource({
  name: 'cfb',
  tag: 'Call Forwarding Busy',
  service: 'Call Forwarding Busy',
  path: 'services/cfb/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserCallForwardingBusyGetRequest',
  modify: 'UserCallForwardingBusyModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    destination: { el: 'forwardToPhoneNumber', kind: kind.text(xsd.outgoingDnOrSipUri()), nillable: true },
  },
  getOperation: {
    operationId: 'getCallForwardingBusy',
    summary: 'Display Call Forwarding Busy',
    description: 'Every key is always present; a value BroadWorks does not hold is null.',
    example: { active: false, destination: '+3223661201' },
  },
  putOperation: {
    operationId: 'updateCallForwardingBusy',
    summary: 'Update Call Forwarding Busy',
    description: 'Partial update: absent keys are left unchanged. `destination: null` clears the forward-to number.',
    requestExample: { active: true },
    responseExample: { active: true, destination: '+3223661201' },
  },
});
