import type { Criteria } from '../demo-data';
import { data, Reply, success, table } from '../replies';
import { boolOf, children, req, textOf } from '../request-document';
import type { CommandContext } from './context';
import { errors } from './errors';
import { isReply, targetUser } from './target';

/** The column headings of the criteria table, as R25 sends them (bench and test fakes reuse them). */
export const CRITERIA_HEADINGS = [
  'Is Active',
  'Criteria Name',
  'Time Schedule',
  'Calls From',
  'Filter',
  'Holiday Schedule',
  'Calls To Type',
  'Calls To Number',
  'Calls To Extension',
] as const;

const CALLS_FROM: Record<string, string> = {
  Any: 'All calls',
  'Any Internal': 'All internal calls',
  'Any External': 'All external calls',
};

function callsFrom(c: Criteria): string {
  if (c.fromDn.selection !== 'Specified Only') return CALLS_FROM[c.fromDn.selection];
  const parts = [...c.fromDn.phoneNumbers];
  if (c.fromDn.includeAnonymousCallers) parts.push('Anonymous');
  if (c.fromDn.includeUnavailableCallers) parts.push('Unavailable');
  return parts.join(', ');
}

function criteriaRow(c: Criteria): string[] {
  return [
    String(c.active),
    c.name,
    c.timeSchedule?.name ?? 'Every Day All Day',
    callsFrom(c),
    String(c.filter),
    c.holidaySchedule?.name ?? 'None',
    c.callToNumbers.map((n) => n.type).join(', '),
    // A blank stands for a missing number or extension, so the lists line up.
    c.callToNumbers.map((n) => n.number ?? ' ').join(', '),
    c.callToNumbers.map((n) => n.extension ?? ' ').join(', '),
  ];
}

/** UserExecutiveGetFilteringRequest → settings plus criteriaTable (all 9 headings). */
export function getFiltering(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveGetFilteringRequest', 'Executive');
  if (isReply(exec)) return exec;
  const e = exec.executive!;
  return data('UserExecutiveGetFilteringResponse', {
    enableFiltering: String(e.filtering.enabled),
    filteringMode: e.filtering.mode,
    simpleFilterType: e.filtering.simpleFilterType,
    criteriaTable: table(CRITERIA_HEADINGS, e.criteria.map(criteriaRow)),
  });
}

/** UserExecutiveModifyFilteringRequest: all-or-nothing; an unknown criteria name changes nothing. */
export function modifyFiltering(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveModifyFilteringRequest', 'Executive');
  if (isReply(exec)) return exec;
  const e = exec.executive!;
  const activations = children(ctx.node, 'criteriaActivation').map((a) => ({
    name: req(a, 'criteriaName'),
    active: boolOf(a, 'isActive')!,
  }));
  for (const a of activations) if (!e.criteria.some((c) => c.name === a.name)) return errors.criteriaNotFound(a.name);
  e.filtering.enabled = boolOf(ctx.node, 'enableFiltering') ?? e.filtering.enabled;
  e.filtering.mode = (textOf(ctx.node, 'filteringMode') as typeof e.filtering.mode | undefined) ?? e.filtering.mode;
  e.filtering.simpleFilterType = textOf(ctx.node, 'simpleFilterType') ?? e.filtering.simpleFilterType;
  for (const a of activations) e.criteria.find((c) => c.name === a.name)!.active = a.active;
  return success();
}
