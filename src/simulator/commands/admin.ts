import { data, Reply } from '../replies';
import { req } from '../request-document';
import type { CommandContext } from './context';
import { errors } from './errors';

/** Only system logins may look administrators up (the model has no Provisioning admins). */
function mayReadAdmins(ctx: CommandContext): boolean {
  return ctx.account.loginType === 'System';
}

// Fixed, schema-valid profile fields: the demo data keeps only what logins need.
const PROFILE = { language: 'English', accountDisabled: 'false', lastAuthenticatedDate: '2026-01-01T00:00:00.000Z' };

/** SystemAdminGetRequest22: the profile of a System (or Provisioning) administrator. */
export function systemAdminGet(ctx: CommandContext): Reply {
  if (!mayReadAdmins(ctx)) return errors.unauthorized();
  const userId = req(ctx.node, 'userId');
  const admin = ctx.state.admin(userId);
  if (!admin || admin.loginType !== 'System') return errors.adminNotFound(userId);
  return data('SystemAdminGetResponse22', {
    language: PROFILE.language,
    adminType: 'System',
    readOnly: 'false',
    accountDisabled: PROFILE.accountDisabled,
    lastAuthenticatedDate: PROFILE.lastAuthenticatedDate,
  });
}

/** ResellerAdminGetRequest22V2: the profile of a reseller administrator, with its reseller id. */
export function resellerAdminGet(ctx: CommandContext): Reply {
  if (!mayReadAdmins(ctx)) return errors.unauthorized();
  const userId = req(ctx.node, 'userId');
  const admin = ctx.state.admin(userId);
  if (!admin || admin.loginType !== 'Reseller' || !admin.resellerId) return errors.adminNotFound(userId);
  return data('ResellerAdminGetResponse22V2', {
    resellerId: admin.resellerId,
    language: PROFILE.language,
    accountDisabled: PROFILE.accountDisabled,
    lastAuthenticatedDate: PROFILE.lastAuthenticatedDate,
  });
}
