import { z } from 'zod';
import { token, xsd } from '../../src/mapping/schema-types';
import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/executive/alerting/. Alerting shares the ScreeningAlerting command pair
 * with screening: the PUT sends only alerting elements, so screening stays untouched.
 */

const mode = z.enum(['Simultaneous', 'Sequential']);
const cliNameMode = z.enum(['Executive', 'Executive-Originator', 'Originator-Executive', 'Originator', 'Custom']);
const cliPhoneNumberMode = z.enum(['Executive', 'Originator', 'Custom']);
const rolloverAction = z.enum(['Voice Messaging', 'Forward', 'No Answer Processing']);

const example = {
  mode: 'Sequential',
  cliNameMode: 'Custom',
  cliCustomName: 'Test User',
  cliCustomNameUnicode: 'Test User Unicode',
  cliPhoneNumberMode: 'Custom',
  cliCustomPhoneNumber: '+32495575607',
  callPushRecallAfter: 4,
  nextAssistantAfter: 5,
  rolloverEnabled: true,
  rolloverWaitTime: 30,
  rolloverAction: 'Forward',
  rolloverForwardTo: '+3223661285',
};

export const alerting = settingsResource({
  name: 'executive-alerting',
  tag: 'Executive',
  service: 'Executive',
  path: 'services/executive/alerting/',
  // An opted-in assistant may call both operations for its executive (the XSD lets assistants run them).
  assistantMayCall: true,
  get: 'UserExecutiveGetScreeningAlertingRequest',
  modify: 'UserExecutiveModifyScreeningAlertingRequest',
  fields: {
    mode: { el: 'alertingMode', kind: kind.choice(mode) },
    cliNameMode: { el: 'alertingCallingLineIdNameMode', kind: kind.choice(cliNameMode) },
    cliCustomName: { el: 'alertingCustomCallingLineIdName', kind: kind.text(token(1, 80)), nillable: true },
    cliCustomNameUnicode: {
      el: 'unicodeAlertingCustomCallingLineIdName',
      kind: kind.text(token(1, 80)),
      nillable: true,
    },
    cliPhoneNumberMode: { el: 'alertingCallingLineIdPhoneNumberMode', kind: kind.choice(cliPhoneNumberMode) },
    cliCustomPhoneNumber: { el: 'alertingCustomCallingLineIdPhoneNumber', kind: kind.text(xsd.dn()), nillable: true },
    callPushRecallAfter: { el: 'callPushRecallNumberOfRings', kind: kind.integer(2, 20) },
    nextAssistantAfter: { el: 'nextAssistantNumberOfRings', kind: kind.integer(1, 20) },
    rolloverEnabled: { el: 'enableRollover', kind: kind.boolean },
    rolloverWaitTime: { el: 'rolloverWaitTimeSeconds', kind: kind.integer(0, 7200), nillable: true },
    rolloverAction: { el: 'rolloverAction', kind: kind.choice(rolloverAction) },
    rolloverForwardTo: {
      el: 'rolloverForwardToPhoneNumber',
      kind: kind.text(xsd.outgoingDnOrSipUri()),
      nillable: true,
    },
  },
  getOperation: {
    operationId: 'getExecutiveAlerting',
    summary: "Display Executive's alerting options",
    description: 'Every key is always present; a value BroadWorks does not hold is null.',
    example,
  },
  putOperation: {
    operationId: 'updateExecutiveAlerting',
    summary: "Update Executive's alerting options",
    description:
      'Partial update: absent keys are left unchanged; null clears cliCustomName, cliCustomNameUnicode, cliCustomPhoneNumber, rolloverWaitTime and rolloverForwardTo (the only nillable ones).',
    requestExample: example,
    responseExample: example,
  },
});
