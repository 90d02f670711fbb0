import { resellerAdminGet, systemAdminGet } from './admin';
import type { CommandHandler } from './context';
import { getExecutiveAssistant, modifyExecutiveAssistant } from './executive-assistant-service';
import { getAssistant, getAvailableAssistantList, modifyAssistant } from './executive-assistants';
import { addCriteria, deleteCriteria, getCriteria, modifyCriteria } from './executive-criteria';
import { getFiltering, modifyFiltering } from './executive-filtering';
import { getScreeningAlerting, modifyScreeningAlerting } from './executive-screening';
import { serviceProviderGetList } from './service-provider';
import { settingsCatalogue } from '../settings/catalogue';
import { settingsHandlers } from '../settings/handlers';
import { userGet, userServiceGetAssignmentList, userServiceIsAssigned } from './user';

/**
 * The commands BroadWorks does more than store values for (assistants and opt-in, criteria,
 * cross-field rules, lookups), by xsi:type. They take precedence over the schema-driven ones.
 */
const HAND_WRITTEN: readonly [string, CommandHandler][] = [
  ['UserExecutiveGetAssistantRequest', getAssistant],
  ['UserExecutiveModifyAssistantRequest', modifyAssistant],
  ['UserExecutiveGetAvailableAssistantListRequest', getAvailableAssistantList],
  ['UserExecutiveGetFilteringRequest', getFiltering],
  ['UserExecutiveModifyFilteringRequest', modifyFiltering],
  ['UserExecutiveGetFilteringSelectiveCriteriaRequest21', getCriteria],
  ['UserExecutiveAddFilteringSelectiveCriteriaRequest', addCriteria],
  ['UserExecutiveModifyFilteringSelectiveCriteriaRequest', modifyCriteria],
  ['UserExecutiveDeleteFilteringSelectiveCriteriaRequest', deleteCriteria],
  ['UserExecutiveGetScreeningAlertingRequest', getScreeningAlerting],
  ['UserExecutiveModifyScreeningAlertingRequest', modifyScreeningAlerting],
  ['UserExecutiveAssistantGetRequest', getExecutiveAssistant],
  ['UserExecutiveAssistantModifyRequest', modifyExecutiveAssistant],
  ['UserServiceIsAssignedRequest', userServiceIsAssigned],
  ['UserServiceGetAssignmentListRequest', userServiceGetAssignmentList],
  ['UserGetRequest23V2', userGet],
  ['ServiceProviderGetListRequest', serviceProviderGetList],
  ['SystemAdminGetRequest22', systemAdminGet],
  ['ResellerAdminGetRequest22V2', resellerAdminGet],
];

let handlers: ReadonlyMap<string, CommandHandler> | undefined;

/**
 * Every non-login command the simulator implements, by xsi:type: the settings services served
 * from the schema (src/simulator/settings), then the hand-written ones. Built on first use.
 */
export function commandHandlers(): ReadonlyMap<string, CommandHandler> {
  handlers ??= new Map([...settingsHandlers(settingsCatalogue().pairs), ...HAND_WRITTEN]);
  return handlers;
}
