import type { User } from '../demo-data';
import { data, Reply, success, table } from '../replies';
import { boolOf, children, req, textOf } from '../request-document';
import type { CommandContext } from './context';
import { errors } from './errors';
import { isReply, targetUser } from './target';
import { USER_HEADINGS_BEFORE_OPT_IN, userCells } from './user-row';

/**
 * The assistant's side of the Executive service (OCISchemaServiceExecutiveAssistant.xsd).
 * Which executives an assistant serves, and its opt-in with each, live on the executives
 * (`executive.assistants`), so both sides always show the same thing; only the divert
 * settings belong to the assistant.
 */

// Headings listed in the documentation of UserExecutiveAssistantGetResponse (its stray `", "` is a typo).
const EXECUTIVE_HEADINGS = [...USER_HEADINGS_BEFORE_OPT_IN, 'Assistant Opt-in Status', 'Executive Allow Opt-in'];

/** Executives whose assistant table lists `assistantId`, in data order. */
function executivesOf(ctx: CommandContext, assistantId: string): User[] {
  return ctx.state.data.users.filter(
    (u) => u.services.includes('Executive') && u.executive?.assistants.some((a) => a.userId === assistantId),
  );
}

/** UserExecutiveAssistantGetRequest → enableDivert, divertToPhoneNumber (when set), executiveTable. */
export function getExecutiveAssistant(ctx: CommandContext): Reply {
  const a = targetUser(ctx, 'UserExecutiveAssistantGetRequest', 'Executive-Assistant');
  if (isReply(a)) return a;
  const settings = a.executiveAssistant ?? { enableDivert: false };
  const rows = executivesOf(ctx, a.userId).map((e) => {
    const entry = e.executive!.assistants.find((x) => x.userId === a.userId)!;
    return [...userCells(ctx.state, e), String(entry.optIn), String(e.executive!.allowOptInOut)];
  });
  return data('UserExecutiveAssistantGetResponse', {
    enableDivert: String(settings.enableDivert),
    ...(settings.divertToPhoneNumber ? { divertToPhoneNumber: settings.divertToPhoneNumber } : {}),
    executiveTable: table(EXECUTIVE_HEADINGS, rows),
  });
}

/**
 * UserExecutiveAssistantModifyRequest. Every optInStatus is checked before anything changes
 * (unknown executive, executive this user does not assist, a change the executive does not
 * allow); re-sending the current opt-in is not a change. Divert cannot be on without a number.
 */
export function modifyExecutiveAssistant(ctx: CommandContext): Reply {
  const a = targetUser(ctx, 'UserExecutiveAssistantModifyRequest', 'Executive-Assistant');
  if (isReply(a)) return a;
  const changes: { entry: { optIn: boolean }; optIn: boolean }[] = [];
  for (const item of children(ctx.node, 'optInStatus')) {
    const execId = req(item, 'executiveUserId');
    const optIn = boolOf(item, 'optIn') ?? false;
    const exec = ctx.state.user(execId);
    if (!exec) return errors.userNotFound(execId);
    const entry = exec.services.includes('Executive')
      ? exec.executive?.assistants.find((x) => x.userId === a.userId)
      : undefined;
    if (!entry) return errors.notAssistantOf(execId);
    if (entry.optIn !== optIn && !exec.executive!.allowOptInOut) return errors.optInOutNotAllowed(execId);
    changes.push({ entry, optIn });
  }
  const current = a.executiveAssistant ?? { enableDivert: false };
  const divertTo = textOf(ctx.node, 'divertToPhoneNumber');
  const next = {
    enableDivert: boolOf(ctx.node, 'enableDivert') ?? current.enableDivert,
    divertToPhoneNumber: divertTo === undefined ? current.divertToPhoneNumber : (divertTo ?? undefined),
  };
  if (next.enableDivert && !next.divertToPhoneNumber) return errors.divertWithoutNumber();
  for (const c of changes) c.entry.optIn = c.optIn;
  a.executiveAssistant = next.divertToPhoneNumber ? next : { enableDivert: next.enableDivert };
  return success();
}
