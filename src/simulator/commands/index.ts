import { resellerAdminGet, systemAdminGet } from './admin';
import type { CommandHandler } from './context';
import { getExecutiveAssistant, modifyExecutiveAssistant } from './executive-assistant-service';
import { getAssistant, getAvailableAssistantList, modifyAssistant } from './executive-assistants';
import { addCriteria, deleteCriteria, getCriteria, modifyCriteria } from './executive-criteria';
import { getFiltering, modifyFiltering } from './executive-filtering';
import { getScreeningAlerting, modifyScreeningAlerting } from './executive-screening';
import { serviceProviderGetList } from './service-provider';
import { dndGet, dndModify, userGet, userServiceIsAssigned } from './user';

/** Every non-login command the simulator implements, by xsi:type. */
export const HANDLERS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
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
  ['UserGetRequest23V2', userGet],
  ['ServiceProviderGetListRequest', serviceProviderGetList],
  ['UserDoNotDisturbGetRequest', dndGet],
  ['UserDoNotDisturbModifyRequest', dndModify],
  ['SystemAdminGetRequest22', systemAdminGet],
  ['ResellerAdminGetRequest22V2', resellerAdminGet],
]);
