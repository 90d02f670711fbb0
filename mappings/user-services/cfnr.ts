import { xsd } from '../../src/mapping/schema-types';
import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/cfnr/: Call Forwarding Not Reachable (UserCallForwardingNotReachableGetRequest / UserCallForwardingNotReachableModifyRequest), the `cfa`/`cfb` pattern (APIO's page for this service was not available).
 */

export const callForwardingNotReachable = settingsResource({
  name: 'cfnr',
  tag: 'Call Forwarding Not Reachable',
  service: 'Call Forwarding Not Reachable',
  path: 'services/cfnr/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserCallForwardingNotReachableGetRequest',
  modify: 'UserCallForwardingNotReachableModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    destination: { el: 'forwardToPhoneNumber', kind: kind.text(xsd.outgoingDnOrSipUri()), nillable: true },
  },
  getOperation: {
    operationId: 'getCallForwardingNotReachable',
    summary: 'Display Call Forwarding Not Reachable',
    description: 'Every key is always present; a value BroadWorks does not hold is null.',
    example: { active: false, destination: null },
  },
  putOperation: {
    operationId: 'updateCallForwardingNotReachable',
    summary: 'Update Call Forwarding Not Reachable',
    description: 'Partial update: absent keys are left unchanged. `destination: null` clears the forward-to number.',
    requestExample: { active: true, destination: '+3223661203' },
    responseExample: { active: true, destination: '+3223661203' },
  },
});
