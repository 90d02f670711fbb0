import { z } from 'zod';
import { int, xsd } from '../../src/mapping/schema-types';
import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/cfna/: Call Forwarding No Answer (UserCallForwardingNoAnswerGetRequest13mp16 / UserCallForwardingNoAnswerModifyRequest), the `cfa`/`cfb` pattern (APIO's page for this service was not available), plus `numberOfRings`.
 */

/** CallForwardingNoAnswerNumberOfRings: 0, or 2 to 20. */
const numberOfRings = {
  write: int(0, 20)
    .refine((n) => n !== 1, 'must be 0 or 2 to 20')
    .describe('0, or 2 to 20'),
  read: z.number().int(),
  transform: 'integer',
} as const;

export const callForwardingNoAnswer = settingsResource({
  name: 'cfna',
  tag: 'Call Forwarding No Answer',
  service: 'Call Forwarding No Answer',
  path: 'services/cfna/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserCallForwardingNoAnswerGetRequest13mp16',
  modify: 'UserCallForwardingNoAnswerModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    destination: { el: 'forwardToPhoneNumber', kind: kind.text(xsd.outgoingDnOrSipUri()), nillable: true },
    numberOfRings: { el: 'numberOfRings', kind: numberOfRings },
  },
  getOperation: {
    operationId: 'getCallForwardingNoAnswer',
    summary: 'Display Call Forwarding No Answer',
    description: 'Every key is always present; a value BroadWorks does not hold is null.',
    example: { active: false, destination: null, numberOfRings: 3 },
  },
  putOperation: {
    operationId: 'updateCallForwardingNoAnswer',
    summary: 'Update Call Forwarding No Answer',
    description: 'Partial update: absent keys are left unchanged. `destination: null` clears the forward-to number.',
    requestExample: { active: true, destination: '+3223661202', numberOfRings: 4 },
    responseExample: { active: true, destination: '+3223661202', numberOfRings: 4 },
  },
});
