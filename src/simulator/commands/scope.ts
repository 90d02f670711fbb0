import type { User } from '../demo-data';
import type { Account } from '../sessions';
import type { SimState } from '../state';

// The Executive schema lets an assistant run these on behalf of the executive.
const ASSISTANT_MAY_RUN = new Set([
  'UserExecutiveGetFilteringRequest',
  'UserExecutiveModifyFilteringRequest',
  'UserExecutiveGetFilteringSelectiveCriteriaRequest21',
  'UserExecutiveAddFilteringSelectiveCriteriaRequest',
  'UserExecutiveModifyFilteringSelectiveCriteriaRequest',
  'UserExecutiveDeleteFilteringSelectiveCriteriaRequest',
  'UserExecutiveGetScreeningAlertingRequest',
  'UserExecutiveModifyScreeningAlertingRequest',
]);

/** True when the logged-in account may run `type` on `user`. */
export function inScope(state: SimState, account: Account, user: User, type: string): boolean {
  switch (account.loginType) {
    case 'System':
      return true;
    case 'Reseller':
      return state.serviceProvider(user.serviceProviderId)?.resellerId === account.resellerId;
    case 'Service Provider':
      return user.serviceProviderId === account.serviceProviderId;
    case 'Group':
      return user.serviceProviderId === account.serviceProviderId && user.groupId === account.groupId;
    case 'User':
      if (user.userId === account.userId) return true;
      return (
        ASSISTANT_MAY_RUN.has(type) && (user.executive?.assistants.some((a) => a.userId === account.userId) ?? false)
      );
  }
}
