import type { User } from '../demo-data';
import { data, Reply, success, table } from '../replies';
import { boolOf, child, children, req, textOf } from '../request-document';
import type { CommandContext } from './context';
import { errors } from './errors';
import { allMatch, sizeLimit } from './search';
import { isReply, targetUser } from './target';
import { USER_HEADINGS_AFTER_OPT_IN, USER_HEADINGS_BEFORE_OPT_IN, userCells, userTailCells } from './user-row';
import { collapseXmlWhitespace } from '../xsd-whitespace';

const ASSISTANT_HEADINGS = [...USER_HEADINGS_BEFORE_OPT_IN, 'Opt-in', ...USER_HEADINGS_AFTER_OPT_IN];
const USER_HEADINGS = [...USER_HEADINGS_BEFORE_OPT_IN, ...USER_HEADINGS_AFTER_OPT_IN];

/** UserExecutiveGetAssistantRequest → allowOptInOut and assistantUserTable. */
export function getAssistant(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveGetAssistantRequest', 'Executive');
  if (isReply(exec)) return exec;
  const e = exec.executive!;
  const rows = e.assistants.flatMap((a) => {
    const u = ctx.state.user(a.userId);
    return u ? [[...userCells(ctx.state, u), String(a.optIn), ...userTailCells(u)]] : [];
  });
  return data('UserExecutiveGetAssistantResponse', {
    allowOptInOut: String(e.allowOptInOut),
    assistantUserTable: table(ASSISTANT_HEADINGS, rows),
  });
}

/** Why `candidate` cannot assist `exec`, or undefined when it can. */
function assistantProblem(ctx: CommandContext, exec: User, candidateId: string): Reply | undefined {
  const u = ctx.state.user(candidateId);
  if (!u) return errors.userNotFound(candidateId);
  if (u.userId === exec.userId) return errors.assistantIsExecutive(candidateId);
  if (u.serviceProviderId !== exec.serviceProviderId) return errors.assistantOutsideEnterprise(candidateId);
  if (!u.services.includes('Executive-Assistant')) return errors.assistantWithoutService(candidateId);
  return undefined;
}

/** UserExecutiveModifyAssistantRequest: the list is replaced whole (nil clears); opt-in kept per assistant. */
export function modifyAssistant(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveModifyAssistantRequest', 'Executive');
  if (isReply(exec)) return exec;
  const e = exec.executive!;
  const list = child(ctx.node, 'assistantUserIdList');
  let next = e.assistants;
  if (list?.nil) next = [];
  else if (list) {
    const ids = [...new Set(children(list, 'userId').map((c) => collapseXmlWhitespace(c.text)))];
    for (const id of ids) {
      const problem = assistantProblem(ctx, exec, id);
      if (problem) return problem;
    }
    next = ids.map((id) => e.assistants.find((a) => a.userId === id) ?? { userId: id, optIn: true });
  }
  e.allowOptInOut = boolOf(ctx.node, 'allowOptInOut') ?? e.allowOptInOut;
  e.assistants = next;
  return success();
}

/**
 * UserExecutiveGetAvailableAssistantListRequest: users of the executive's service provider
 * or enterprise that have Executive-Assistant, the executive excluded, narrowed by the criteria.
 */
export function getAvailableAssistantList(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveGetAvailableAssistantListRequest', 'Executive');
  if (isReply(exec)) return exec;
  const { node, state } = ctx;
  const group = child(node, 'searchCriteriaExactUserGroup');
  const dept = child(child(node, 'searchCriteriaExactUserDepartment'), 'departmentKey');
  const rows = state.data.users
    .filter((u) => {
      if (u.userId === exec.userId || u.serviceProviderId !== exec.serviceProviderId) return false;
      if (!u.services.includes('Executive-Assistant')) return false;
      if (group && (req(group, 'serviceProviderId') !== u.serviceProviderId || req(group, 'groupId') !== u.groupId))
        return false;
      if (dept) {
        const d = state.department(u);
        if (!d || d.name !== req(dept, 'name') || d.serviceProviderId !== req(dept, 'serviceProviderId')) return false;
        if ((textOf(dept, 'groupId') ?? undefined) !== d.groupId) return false;
      }
      return (
        allMatch(node, 'searchCriteriaUserLastName', u.lastName) &&
        allMatch(node, 'searchCriteriaUserFirstName', u.firstName) &&
        allMatch(node, 'searchCriteriaUserId', u.userId) &&
        allMatch(node, 'searchCriteriaDn', u.phoneNumber) &&
        allMatch(node, 'searchCriteriaExtension', u.extension)
      );
    })
    .slice(0, sizeLimit(node))
    .map((u) => [...userCells(state, u), ...userTailCells(u)]);
  return data('UserExecutiveGetAvailableAssistantListResponse', { userTable: table(USER_HEADINGS, rows) });
}
