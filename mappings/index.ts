import type { ResourceMapping } from '../src/mapping/types';
import { executiveAssistantExecutives } from './executive-assistant/executives';
import { alerting } from './executive/alerting';
import { assistants } from './executive/assistants';
import { availableAssistants } from './executive/available-assistants';
import { criteria } from './executive/criteria';
import { filtering } from './executive/filtering';
import { screening } from './executive/screening';
import { anonymousCallRejection } from './user-services/acr';
import { callWaiting } from './user-services/call-waiting';
import { callForwardingAlways } from './user-services/cfa';
import { callForwardingBusy } from './user-services/cfb';
import { callForwardingNoAnswer } from './user-services/cfna';
import { callForwardingNotReachable } from './user-services/cfnr';
import { callingLineIdDeliveryBlocking } from './user-services/clir';
import { doNotDisturb } from './user-services/dnd';
import { remoteOffice } from './user-services/remote-office';

/**
 * The registry of every service the gateway serves: each mapping file adds its resources here
 * (Executive in the order of the APIO document, then Executive-Assistant, then the user services).
 */
export const serviceMappings: ResourceMapping[] = [
  availableAssistants,
  assistants,
  filtering,
  screening,
  alerting,
  criteria,
  executiveAssistantExecutives,
  callForwardingAlways,
  callForwardingBusy,
  callForwardingNoAnswer,
  callForwardingNotReachable,
  doNotDisturb,
  remoteOffice,
  callWaiting,
  anonymousCallRejection,
  callingLineIdDeliveryBlocking,
];
