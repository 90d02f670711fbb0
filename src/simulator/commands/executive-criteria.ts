import type { OciElement } from '../../oci/command';
import type { Criteria, ScheduleLevel, ScheduleRef, User } from '../demo-data';
import { data, Reply, success } from '../replies';
import { boolOf, child, children, req, textOf, XNode } from '../request-document';
import type { CommandContext } from './context';
import { errors } from './errors';
import { isReply, targetUser } from './target';
import { collapseXmlWhitespace } from '../xsd-whitespace';

const MAX_PHONE_NUMBERS = 12;

function scheduleOf(node: XNode | undefined): ScheduleRef | undefined {
  return node ? { level: req(node, 'type') as ScheduleLevel, name: req(node, 'name') } : undefined;
}

function callToNumbers(nodes: XNode[]): Criteria['callToNumbers'] {
  return nodes.map((n) => {
    const c: Criteria['callToNumbers'][number] = { type: req(n, 'type') };
    const number = textOf(n, 'number');
    const extension = textOf(n, 'extension');
    if (number) c.number = number;
    if (extension) c.extension = extension;
    return c;
  });
}

/** An unknown schedule (name, level, type) for this user, or undefined. */
function scheduleProblem(
  ctx: CommandContext,
  u: User,
  c: Pick<Criteria, 'timeSchedule' | 'holidaySchedule'>,
): Reply | undefined {
  if (c.timeSchedule && !ctx.state.scheduleExists(u, 'Time', c.timeSchedule))
    return errors.scheduleNotFound('Time', c.timeSchedule.level, c.timeSchedule.name);
  if (c.holidaySchedule && !ctx.state.scheduleExists(u, 'Holiday', c.holidaySchedule))
    return errors.scheduleNotFound('Holiday', c.holidaySchedule.level, c.holidaySchedule.name);
  return undefined;
}

function schedule(s: ScheduleRef): OciElement {
  return { type: s.level, name: s.name };
}

/** UserExecutiveGetFilteringSelectiveCriteriaRequest21 → Response21 (no name, no active flag). */
export function getCriteria(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveGetFilteringSelectiveCriteriaRequest21', 'Executive');
  if (isReply(exec)) return exec;
  const name = req(ctx.node, 'criteriaName');
  const c = exec.executive!.criteria.find((x) => x.name === name);
  if (!c) return errors.criteriaNotFound(name);
  const body: OciElement = {};
  if (c.timeSchedule) body.timeSchedule = schedule(c.timeSchedule);
  if (c.holidaySchedule) body.holidaySchedule = schedule(c.holidaySchedule);
  body.filter = String(c.filter);
  body.fromDnCriteria = {
    fromDnCriteriaSelection: c.fromDn.selection,
    includeAnonymousCallers: String(c.fromDn.includeAnonymousCallers),
    includeUnavailableCallers: String(c.fromDn.includeUnavailableCallers),
    phoneNumber: [...c.fromDn.phoneNumbers],
  };
  body.callToNumber = c.callToNumbers.map((n) => {
    const out: OciElement = { type: n.type };
    if (n.number) out.number = n.number;
    if (n.extension) out.extension = n.extension;
    return out;
  });
  return data('UserExecutiveGetFilteringSelectiveCriteriaResponse21', body);
}

/** UserExecutiveAddFilteringSelectiveCriteriaRequest: new criteria, inactive until activated. */
export function addCriteria(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveAddFilteringSelectiveCriteriaRequest', 'Executive');
  if (isReply(exec)) return exec;
  const { node } = ctx;
  const e = exec.executive!;
  const name = req(node, 'criteriaName');
  if (e.criteria.some((c) => c.name === name)) return errors.criteriaExists(name);
  const from = child(node, 'fromDnCriteria')!;
  const c: Criteria = {
    name,
    // BroadWorks adds criteria active; the activation flag is set with ModifyFiltering.
    active: true,
    timeSchedule: scheduleOf(child(node, 'timeSchedule')),
    holidaySchedule: scheduleOf(child(node, 'holidaySchedule')),
    filter: boolOf(node, 'filter')!,
    fromDn: {
      selection: req(from, 'fromDnCriteriaSelection') as Criteria['fromDn']['selection'],
      includeAnonymousCallers: boolOf(from, 'includeAnonymousCallers')!,
      includeUnavailableCallers: boolOf(from, 'includeUnavailableCallers')!,
      phoneNumbers: children(from, 'phoneNumber').map((p) => collapseXmlWhitespace(p.text)),
    },
    callToNumbers: callToNumbers(children(node, 'callToNumber')),
  };
  if (!c.timeSchedule) delete c.timeSchedule;
  if (!c.holidaySchedule) delete c.holidaySchedule;
  const problem = scheduleProblem(ctx, exec, c);
  if (problem) return problem;
  e.criteria.push(c);
  return success();
}

/** UserExecutiveModifyFilteringSelectiveCriteriaRequest: present elements change, nil clears. */
export function modifyCriteria(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveModifyFilteringSelectiveCriteriaRequest', 'Executive');
  if (isReply(exec)) return exec;
  const { node } = ctx;
  const e = exec.executive!;
  const name = req(node, 'criteriaName');
  const current = e.criteria.find((c) => c.name === name);
  if (!current) return errors.criteriaNotFound(name);
  const next: Criteria = structuredClone(current);
  const newName = textOf(node, 'newCriteriaName');
  if (newName && newName !== name) {
    if (e.criteria.some((c) => c.name === newName)) return errors.criteriaExists(newName);
    next.name = newName;
  }
  for (const key of ['timeSchedule', 'holidaySchedule'] as const) {
    const el = child(node, key);
    if (el?.nil) delete next[key];
    else if (el) next[key] = scheduleOf(el);
  }
  next.filter = boolOf(node, 'filter') ?? next.filter;
  const from = child(node, 'fromDnCriteria');
  if (from) {
    next.fromDn.selection =
      (textOf(from, 'fromDnCriteriaSelection') as Criteria['fromDn']['selection'] | undefined) ?? next.fromDn.selection;
    next.fromDn.includeAnonymousCallers =
      boolOf(from, 'includeAnonymousCallers') ?? next.fromDn.includeAnonymousCallers;
    next.fromDn.includeUnavailableCallers =
      boolOf(from, 'includeUnavailableCallers') ?? next.fromDn.includeUnavailableCallers;
    const list = child(from, 'phoneNumberList');
    if (list?.nil) next.fromDn.phoneNumbers = [];
    else if (list) next.fromDn.phoneNumbers = children(list, 'phoneNumber').map((p) => collapseXmlWhitespace(p.text));
  }
  const ctn = child(node, 'callToNumberList');
  if (ctn?.nil) next.callToNumbers = [];
  else if (ctn) next.callToNumbers = callToNumbers(children(ctn, 'callToNumber'));
  if (next.fromDn.phoneNumbers.length > MAX_PHONE_NUMBERS) return errors.tooManyPhoneNumbers();
  const problem = scheduleProblem(ctx, exec, next);
  if (problem) return problem;
  e.criteria[e.criteria.indexOf(current)] = next;
  return success();
}

/** UserExecutiveDeleteFilteringSelectiveCriteriaRequest. */
export function deleteCriteria(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveDeleteFilteringSelectiveCriteriaRequest', 'Executive');
  if (isReply(exec)) return exec;
  const name = req(ctx.node, 'criteriaName');
  const e = exec.executive!;
  const i = e.criteria.findIndex((c) => c.name === name);
  if (i < 0) return errors.criteriaNotFound(name);
  e.criteria.splice(i, 1);
  return success();
}
