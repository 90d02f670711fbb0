import { xsd } from '../../src/mapping/schema-types';
import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/remote_office/: Remote Office (UserRemoteOfficeGetRequest / UserRemoteOfficeModifyRequest), APIO's path and fields (`active`, `phoneNumber`).
 */

export const remoteOffice = settingsResource({
  name: 'remote-office',
  tag: 'Remote Office',
  service: 'Remote Office',
  path: 'services/remote_office/',
  parameterExamples: { user: 'plain1@acme.example.com' },
  get: 'UserRemoteOfficeGetRequest',
  modify: 'UserRemoteOfficeModifyRequest',
  fields: {
    active: { el: 'isActive', kind: kind.boolean },
    phoneNumber: { el: 'remoteOfficePhoneNumber', kind: kind.text(xsd.outgoingDnOrSipUri()), nillable: true },
  },
  getOperation: {
    operationId: 'getRemoteOffice',
    summary: 'Display Remote Office',
    description: 'Every key is always present; a value BroadWorks does not hold is null.',
    example: { active: false, phoneNumber: null },
  },
  putOperation: {
    operationId: 'updateRemoteOffice',
    summary: 'Update Remote Office',
    description: 'Partial update: absent keys are left unchanged. `phoneNumber: null` clears the remote office number.',
    requestExample: { active: true, phoneNumber: '+3223661204' },
    responseExample: { active: true, phoneNumber: '+3223661204' },
  },
});
