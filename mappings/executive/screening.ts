import { z } from 'zod';
import type { CommandSpec, OutSpec, ResourceMapping } from '../../src/mapping/types';

/**
 * GET/PUT services/executive/screening/. Screening shares the ScreeningAlerting command pair
 * with alerting: the PUT sends only screening elements, so alerting stays untouched.
 */

const alertType = z.enum(['Silent', 'Ring Splash']);

const read: CommandSpec = {
  type: 'UserExecutiveGetScreeningAlertingRequest',
  as: 'sa',
  fields: [{ el: 'userId', from: 'path.user' }],
};

const output: OutSpec = {
  object: {
    enabled: { text: 'sa.enableScreening', transform: 'boolean' },
    alertType: { text: 'sa.screeningAlertType' },
    alertMobilityLocation: { text: 'sa.alertBroadWorksMobilityLocation', transform: 'boolean' },
    alertAnywhereLocations: { text: 'sa.alertBroadWorksAnywhereLocations', transform: 'boolean' },
    alertSharedCallAppearanceLocations: { text: 'sa.alertSharedCallAppearanceLocations', transform: 'boolean' },
  },
};

const response = z.object({
  enabled: z.boolean(),
  alertType,
  alertMobilityLocation: z.boolean(),
  alertAnywhereLocations: z.boolean(),
  alertSharedCallAppearanceLocations: z.boolean(),
});

export const screening: ResourceMapping = {
  name: 'executive-screening',
  tag: 'Executive',
  service: 'Executive',
  operations: [
    {
      method: 'get',
      path: 'services/executive/screening/',
      operationId: 'getExecutiveScreening',
      summary: "Display Executive's screening options",
      response,
      responseExample: {
        enabled: false,
        alertType: 'Silent',
        alertMobilityLocation: false,
        alertAnywhereLocations: false,
        alertSharedCallAppearanceLocations: false,
      },
      documents: [[read]],
      output,
    },
    {
      method: 'put',
      path: 'services/executive/screening/',
      operationId: 'updateExecutiveScreening',
      summary: "Update Executive's screening options",
      description:
        'Partial update: absent keys are left unchanged. The field is `enabled` (as in the examples); `enable` (the APIO field list) is accepted as an alias, and both together must agree. Answers say `enabled`.',
      body: z
        .strictObject({
          enabled: z.boolean().optional(),
          enable: z.boolean().optional().describe('Alias of `enabled` (the APIO field list spelling)'),
          alertType: alertType.optional(),
          alertMobilityLocation: z.boolean().optional(),
          alertAnywhereLocations: z.boolean().optional(),
          alertSharedCallAppearanceLocations: z.boolean().optional(),
        })
        .refine((b) => b.enable === undefined || b.enabled === undefined || b.enable === b.enabled, {
          path: ['enable'],
          message: '`enable` (an alias of `enabled`) differs from `enabled`',
        }),
      requestExample: {
        enabled: true,
        alertType: 'Ring Splash',
        alertMobilityLocation: true,
        alertAnywhereLocations: false,
        alertSharedCallAppearanceLocations: true,
      },
      response,
      responseExample: {
        enabled: true,
        alertType: 'Ring Splash',
        alertMobilityLocation: true,
        alertAnywhereLocations: false,
        alertSharedCallAppearanceLocations: true,
      },
      documents: [
        [
          {
            type: 'UserExecutiveModifyScreeningAlertingRequest',
            fields: [
              { el: 'userId', from: 'path.user' },
              { el: 'enableScreening', from: ['body.enabled', 'body.enable'], transform: 'boolean' },
              { el: 'screeningAlertType', from: 'body.alertType' },
              { el: 'alertBroadWorksMobilityLocation', from: 'body.alertMobilityLocation', transform: 'boolean' },
              { el: 'alertBroadWorksAnywhereLocations', from: 'body.alertAnywhereLocations', transform: 'boolean' },
              {
                el: 'alertSharedCallAppearanceLocations',
                from: 'body.alertSharedCallAppearanceLocations',
                transform: 'boolean',
              },
            ],
          },
          read,
        ],
      ],
      output,
    },
  ],
};
