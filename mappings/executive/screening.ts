import { z } from 'zod';
import { kind, settingsResource } from '../../src/mapping/define';

/**
 * GET/PUT services/executive/screening/. Screening shares the ScreeningAlerting command pair
 * with alerting: the PUT sends only screening elements, so alerting stays untouched.
 */

const alertType = z.enum(['Silent', 'Ring Splash']);

export const screening = settingsResource({
  name: 'executive-screening',
  tag: 'Executive',
  service: 'Executive',
  path: 'services/executive/screening/',
  // An opted-in assistant may call both operations for its executive (the XSD lets assistants run them).
  assistantMayCall: true,
  get: 'UserExecutiveGetScreeningAlertingRequest',
  modify: 'UserExecutiveModifyScreeningAlertingRequest',
  fields: {
    enabled: {
      el: 'enableScreening',
      kind: kind.boolean,
      alias: { name: 'enable', description: 'Alias of `enabled` (the APIO field list spelling)' },
    },
    alertType: { el: 'screeningAlertType', kind: kind.choice(alertType) },
    alertMobilityLocation: { el: 'alertBroadWorksMobilityLocation', kind: kind.boolean },
    alertAnywhereLocations: { el: 'alertBroadWorksAnywhereLocations', kind: kind.boolean },
    alertSharedCallAppearanceLocations: { el: 'alertSharedCallAppearanceLocations', kind: kind.boolean },
  },
  getOperation: {
    operationId: 'getExecutiveScreening',
    summary: "Display Executive's screening options",
    example: {
      enabled: false,
      alertType: 'Silent',
      alertMobilityLocation: false,
      alertAnywhereLocations: false,
      alertSharedCallAppearanceLocations: false,
    },
  },
  putOperation: {
    operationId: 'updateExecutiveScreening',
    summary: "Update Executive's screening options",
    description:
      'Partial update: absent keys are left unchanged. The field is `enabled` (as in the examples); `enable` (the APIO field list) is accepted as an alias, and both together must agree. Answers say `enabled`.',
    requestExample: {
      enabled: true,
      alertType: 'Ring Splash',
      alertMobilityLocation: true,
      alertAnywhereLocations: false,
      alertSharedCallAppearanceLocations: true,
    },
    responseExample: {
      enabled: true,
      alertType: 'Ring Splash',
      alertMobilityLocation: true,
      alertAnywhereLocations: false,
      alertSharedCallAppearanceLocations: true,
    },
  },
});
