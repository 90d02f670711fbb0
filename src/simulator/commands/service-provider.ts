import { data, Reply, table } from '../replies';
import { boolOf } from '../request-document';
import type { CommandContext } from './context';
import { allMatch, sizeLimit } from './search';

const HEADINGS = ['Service Provider Id', 'Service Provider Name', 'Is Enterprise', 'Reseller Id'] as const;

/**
 * ServiceProviderGetListRequest. A reseller admin sees only its reseller's tenants (its
 * searchCriteriaResellerId is ignored, as the schema says); a tenant or group admin only its own.
 */
export function serviceProviderGetList(ctx: CommandContext): Reply {
  const { node, account, state } = ctx;
  const isEnterprise = boolOf(node, 'isEnterprise');
  const rows = state.data.serviceProviders
    .filter((sp) => {
      if (account.loginType === 'Reseller' && sp.resellerId !== account.resellerId) return false;
      if (['Service Provider', 'Group', 'User'].includes(account.loginType) && sp.id !== account.serviceProviderId)
        return false;
      if (isEnterprise !== undefined && sp.isEnterprise !== isEnterprise) return false;
      if (!allMatch(node, 'searchCriteriaServiceProviderId', sp.id)) return false;
      if (!allMatch(node, 'searchCriteriaServiceProviderName', sp.name)) return false;
      if (account.loginType !== 'Reseller' && !allMatch(node, 'searchCriteriaResellerId', sp.resellerId)) return false;
      return true;
    })
    .slice(0, sizeLimit(node))
    .map((sp) => [sp.id, sp.name, String(sp.isEnterprise), sp.resellerId ?? '']);
  return data('ServiceProviderGetListResponse', { serviceProviderTable: table(HEADINGS, rows) });
}
