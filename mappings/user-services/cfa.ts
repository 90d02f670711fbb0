import { xsd } from '../../src/mapping/schema-types';
import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/cfa/: Call Forwarding Always (UserCallForwardingAlwaysGetRequest / UserCallForwardingAlwaysModifyRequest), APIO's path and fields (`active`, `destination`, `ringSplashActive`).
 */

export const callForwardingAlways = settingsResource({
  name: 'cfa',
  tag: 'Call Forwarding Always',
  service: 'Call Forwarding Always',
  path: 'services/cfa/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserCallForwardingAlwaysGetRequest',
  modify: 'UserCallForwardingAlwaysModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    destination: { el: 'forwardToPhoneNumber', kind: kind.text(xsd.outgoingDnOrSipUri()), nillable: true },
    ringSplashActive: { el: 'isRingSplashActive', kind: kind.boolean },
  },
  getOperation: {
    operationId: 'getCallForwardingAlways',
    summary: 'Display Call Forwarding Always',
    description: 'Every key is always present; a value BroadWorks does not hold is null.',
    example: { active: true, destination: '+3223661200', ringSplashActive: false },
  },
  putOperation: {
    operationId: 'updateCallForwardingAlways',
    summary: 'Update Call Forwarding Always',
    description: 'Partial update: absent keys are left unchanged. `destination: null` clears the forward-to number.',
    requestExample: { active: true, destination: '+3223661200' },
    responseExample: { active: true, destination: '+3223661200', ringSplashActive: false },
  },
});
