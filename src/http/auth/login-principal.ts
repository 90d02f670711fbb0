import { tableOf, textOf } from '../../oci/document';
import type { OciExecutor, OciLoginInfo } from '../../oci/executor';
import type { Principal } from '../principal';

/** The login is valid but this gateway does not serve that kind of administrator (→ 403). */
export class LoginRefusedError extends Error {}
/** BroadWorks answered, but not with what a login of that type must carry (→ 502). */
export class LoginReplyError extends Error {}

/**
 * Derives the principal from a BroadWorks login: User → user, Group → group, Service
 * Provider (enterprise or not) → tenant, Reseller → reseller with its tenants looked up,
 * System → system, Provisioning → system once confirmed (see `confirmProvisioning`).
 * Group Department and Lawful Intercept are refused.
 */
export async function principalFromLogin(
  info: OciLoginInfo,
  executor: OciExecutor,
  requestId?: string,
): Promise<Principal> {
  const sub = info.userId;
  const need = (v: string | undefined, what: string): string => {
    if (!v) throw new LoginReplyError(`a ${info.loginType} login without ${what}`);
    return v;
  };
  switch (info.loginType) {
    case 'System':
      return { sub, level: 'system' };
    case 'Provisioning':
      if (info.resellerId) break; // a reseller admin as an older login response shows it
      return confirmProvisioning(sub, executor, requestId);
    case 'Reseller':
      return {
        sub,
        level: 'reseller',
        tenantIds: await resellerTenants(need(info.resellerId, 'resellerId'), executor, requestId),
      };
    case 'Service Provider':
      return { sub, level: 'tenant', tenantId: need(info.serviceProviderId, 'serviceProviderId') };
    case 'Group':
      return {
        sub,
        level: 'group',
        tenantId: need(info.serviceProviderId, 'serviceProviderId'),
        groupId: need(info.groupId, 'groupId'),
      };
    case 'User':
      return {
        sub,
        level: 'user',
        tenantId: need(info.serviceProviderId, 'serviceProviderId'),
        groupId: need(info.groupId, 'groupId'),
        userId: info.userId,
      };
    default:
      // Group Department, Lawful Intercept, and anything a later release adds.
      throw new LoginRefusedError(`${info.loginType} logins are not served by this gateway`);
  }
  return { sub, level: 'reseller', tenantIds: await resellerTenants(info.resellerId, executor, requestId) };
}

/**
 * LoginResponse14sp4 predates resellers: a reseller admin shows as "Provisioning" there.
 * So a Provisioning login only becomes system after the gateway's own session has looked the
 * admin up; when neither lookup confirms it, the login is refused rather than over-granted.
 */
async function confirmProvisioning(sub: string, executor: OciExecutor, requestId?: string): Promise<Principal> {
  const [reseller, system] = await executor.execute(
    [
      { type: 'ResellerAdminGetRequest22V2', body: { userId: sub } },
      { type: 'SystemAdminGetRequest22', body: { userId: sub } },
    ],
    { requestId },
  );
  const resellerId = reseller?.kind === 'data' ? textOf(reseller.body, 'resellerId') : undefined;
  if (resellerId) return { sub, level: 'reseller', tenantIds: await resellerTenants(resellerId, executor, requestId) };
  if (system?.kind === 'data') return { sub, level: 'system' };
  throw new LoginRefusedError('the scope of this Provisioning login cannot be confirmed');
}

/** The service providers / enterprises of a reseller, read by column heading. */
async function resellerTenants(resellerId: string, executor: OciExecutor, requestId?: string): Promise<string[]> {
  const [result] = await executor.execute(
    [
      {
        type: 'ServiceProviderGetListRequest',
        // Schema order: mode, value, isCaseInsensitive (OCISchemaSearchCriteria.xsd).
        body: { searchCriteriaResellerId: { mode: 'Equal To', value: resellerId, isCaseInsensitive: 'false' } },
      },
    ],
    { requestId },
  );
  if (!result || result.kind !== 'data') throw new LoginReplyError('the reseller tenant list could not be read');
  const table = tableOf(result.body, 'serviceProviderTable');
  if (!table.headings.includes('Service Provider Id'))
    throw new LoginReplyError('the tenant list has no "Service Provider Id" column');
  return table.rows.map((r) => r['Service Provider Id']).filter((id) => id !== '');
}
