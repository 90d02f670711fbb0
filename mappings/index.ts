import type { ResourceMapping } from '../src/mapping/types';
import { executiveAssistantExecutives } from './executive-assistant/executives';
import { alerting } from './executive/alerting';
import { assistants } from './executive/assistants';
import { availableAssistants } from './executive/available-assistants';
import { criteria } from './executive/criteria';
import { filtering } from './executive/filtering';
import { screening } from './executive/screening';

/** The registry of every service the gateway serves: each mapping file adds its resources here (Executive in the order of the APIO document, then Executive-Assistant). */
export const serviceMappings: ResourceMapping[] = [
  availableAssistants,
  assistants,
  filtering,
  screening,
  alerting,
  criteria,
  executiveAssistantExecutives,
];
