import { z } from 'zod';
import { int, token, xsd } from '../../src/mapping/schema-types';
import type { CommandSpec, OutSpec, ResourceMapping } from '../../src/mapping/types';

/**
 * GET/PUT services/executive/alerting/. Alerting shares the ScreeningAlerting command pair
 * with screening: the PUT sends only alerting elements, so screening stays untouched.
 */

const mode = z.enum(['Simultaneous', 'Sequential']);
const cliNameMode = z.enum(['Executive', 'Executive-Originator', 'Originator-Executive', 'Originator', 'Custom']);
const cliPhoneNumberMode = z.enum(['Executive', 'Originator', 'Custom']);
const rolloverAction = z.enum(['Voice Messaging', 'Forward', 'No Answer Processing']);

const read: CommandSpec = {
  type: 'UserExecutiveGetScreeningAlertingRequest',
  as: 'sa',
  fields: [{ el: 'userId', from: 'path.user' }],
};

const output: OutSpec = {
  object: {
    mode: { text: 'sa.alertingMode' },
    cliNameMode: { text: 'sa.alertingCallingLineIdNameMode' },
    cliCustomName: { text: 'sa.alertingCustomCallingLineIdName' },
    cliCustomNameUnicode: { text: 'sa.unicodeAlertingCustomCallingLineIdName' },
    cliPhoneNumberMode: { text: 'sa.alertingCallingLineIdPhoneNumberMode' },
    cliCustomPhoneNumber: { text: 'sa.alertingCustomCallingLineIdPhoneNumber' },
    callPushRecallAfter: { text: 'sa.callPushRecallNumberOfRings', transform: 'integer' },
    nextAssistantAfter: { text: 'sa.nextAssistantNumberOfRings', transform: 'integer' },
    rolloverEnabled: { text: 'sa.enableRollover', transform: 'boolean' },
    rolloverWaitTime: { text: 'sa.rolloverWaitTimeSeconds', transform: 'integer' },
    rolloverAction: { text: 'sa.rolloverAction' },
    rolloverForwardTo: { text: 'sa.rolloverForwardToPhoneNumber' },
  },
};

const response = z.object({
  mode,
  cliNameMode,
  cliCustomName: z.string().nullable(),
  cliCustomNameUnicode: z.string().nullable(),
  cliPhoneNumberMode,
  cliCustomPhoneNumber: z.string().nullable(),
  callPushRecallAfter: z.number().int(),
  nextAssistantAfter: z.number().int(),
  rolloverEnabled: z.boolean(),
  rolloverWaitTime: z.number().int().nullable(),
  rolloverAction,
  rolloverForwardTo: z.string().nullable(),
});

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

export const alerting: ResourceMapping = {
  name: 'executive-alerting',
  tag: 'Executive',
  service: 'Executive',
  operations: [
    {
      method: 'get',
      path: 'services/executive/alerting/',
      operationId: 'getExecutiveAlerting',
      summary: "Display Executive's alerting options",
      description: 'Every key is always present; a value BroadWorks does not hold is null.',
      response,
      responseExample: example,
      documents: [[read]],
      output,
    },
    {
      method: 'put',
      path: 'services/executive/alerting/',
      operationId: 'updateExecutiveAlerting',
      summary: "Update Executive's alerting options",
      description:
        'Partial update: absent keys are left unchanged; null clears cliCustomName, cliCustomNameUnicode, cliCustomPhoneNumber, rolloverWaitTime and rolloverForwardTo (the only nillable ones).',
      body: z.strictObject({
        mode: mode.optional(),
        cliNameMode: cliNameMode.optional(),
        cliCustomName: token(1, 80).nullable().optional(),
        cliCustomNameUnicode: token(1, 80).nullable().optional(),
        cliPhoneNumberMode: cliPhoneNumberMode.optional(),
        cliCustomPhoneNumber: xsd.dn().nullable().optional(),
        callPushRecallAfter: int(2, 20).optional(),
        nextAssistantAfter: int(1, 20).optional(),
        rolloverEnabled: z.boolean().optional(),
        rolloverWaitTime: int(0, 7200).nullable().optional(),
        rolloverAction: rolloverAction.optional(),
        rolloverForwardTo: xsd.outgoingDnOrSipUri().nullable().optional(),
      }),
      requestExample: example,
      response,
      responseExample: example,
      documents: [
        [
          {
            type: 'UserExecutiveModifyScreeningAlertingRequest',
            fields: [
              { el: 'userId', from: 'path.user' },
              { el: 'alertingMode', from: 'body.mode' },
              { el: 'alertingCallingLineIdNameMode', from: 'body.cliNameMode' },
              { el: 'alertingCustomCallingLineIdName', from: 'body.cliCustomName' },
              { el: 'unicodeAlertingCustomCallingLineIdName', from: 'body.cliCustomNameUnicode' },
              { el: 'alertingCallingLineIdPhoneNumberMode', from: 'body.cliPhoneNumberMode' },
              { el: 'alertingCustomCallingLineIdPhoneNumber', from: 'body.cliCustomPhoneNumber' },
              { el: 'callPushRecallNumberOfRings', from: 'body.callPushRecallAfter', transform: 'integer' },
              { el: 'nextAssistantNumberOfRings', from: 'body.nextAssistantAfter', transform: 'integer' },
              { el: 'enableRollover', from: 'body.rolloverEnabled', transform: 'boolean' },
              { el: 'rolloverWaitTimeSeconds', from: 'body.rolloverWaitTime', transform: 'integer' },
              { el: 'rolloverAction', from: 'body.rolloverAction' },
              { el: 'rolloverForwardToPhoneNumber', from: 'body.rolloverForwardTo' },
            ],
          },
          read,
        ],
      ],
      output,
    },
  ],
};
