import type { OciElement } from '../../oci/command';
import { data, Reply, table } from '../replies';
import { textOf } from '../request-document';
import { settingsCatalogue } from '../settings/catalogue';
import type { CommandContext } from './context';
import { isReply, targetUser } from './target';

/** UserGetRequest23V2 → UserGetResponse23V2 (required elements plus what the model knows). */
export function userGet(ctx: CommandContext): Reply {
  const u = targetUser(ctx, 'UserGetRequest23V2');
  if (isReply(u)) return u;
  const { state } = ctx;
  const sp = state.serviceProvider(u.serviceProviderId);
  const body: OciElement = {
    serviceProviderId: u.serviceProviderId,
    groupId: u.groupId,
    userId: u.userId,
    lastName: u.lastName,
    firstName: u.firstName,
    callingLineIdLastName: u.lastName,
    callingLineIdFirstName: u.firstName,
    hiraganaLastName: u.lastName,
    hiraganaFirstName: u.firstName,
  };
  if (u.phoneNumber) body.phoneNumber = u.phoneNumber;
  if (u.extension) body.extension = u.extension;
  const dept = state.department(u);
  if (dept) {
    body.department = dept.groupId
      ? {
          $type: 'GroupDepartmentKey',
          serviceProviderId: dept.serviceProviderId,
          groupId: dept.groupId,
          name: dept.name,
        }
      : { $type: 'EnterpriseDepartmentKey', serviceProviderId: dept.serviceProviderId, name: dept.name };
    body.departmentFullPath = state.departmentFullPath(u)!;
  }
  body.language = 'English';
  body.timeZone = 'Europe/Brussels';
  body.timeZoneDisplayName = '(GMT+01:00) Europe/Brussels';
  body.defaultAlias = u.userId;
  if (u.email) body.emailAddress = u.email;
  body.countryCode = u.phoneNumber?.startsWith('+1') ? '1' : '32';
  body.allowVideo = 'true';
  if (sp?.resellerId) body.resellerId = sp.resellerId;
  body.isPlace = 'false';
  return data('UserGetResponse23V2', body);
}

/** UserServiceIsAssignedRequest → isAssigned (service packs: the demo has none). */
export function userServiceIsAssigned(ctx: CommandContext): Reply {
  const u = targetUser(ctx, 'UserServiceIsAssignedRequest');
  if (isReply(u)) return u;
  const service = textOf(ctx.node, 'serviceName');
  return data('UserServiceIsAssignedResponse', { isAssigned: String(service ? u.services.includes(service) : false) });
}

/** UserServiceGetAssignmentListRequest → every UserService with whether the data set assigns it (no service packs). */
export function userServiceGetAssignmentList(ctx: CommandContext): Reply {
  const u = targetUser(ctx, 'UserServiceGetAssignmentListRequest');
  if (isReply(u)) return u;
  const services = settingsCatalogue().userServices;
  return data('UserServiceGetAssignmentListResponse', {
    servicePacksAssignmentTable: table(['Service Pack Name', 'Assigned', 'Description'], []),
    userServicesAssignmentTable: table(
      ['Service Name', 'Assigned'],
      services.map((s) => [s, String(u.services.includes(s))]),
    ),
  });
}
