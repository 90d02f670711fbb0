import type { OciElement } from '../../oci/command';
import { data, Reply, success } from '../replies';
import { child } from '../request-document';
import type { CommandContext } from './context';
import { errors } from './errors';
import { isReply, targetUser } from './target';
import { collapseXmlWhitespace } from '../xsd-whitespace';

/** The 17 elements of the screening/alerting pair, in schema order. */
export const SCREENING_ALERTING_FIELDS = [
  'enableScreening',
  'screeningAlertType',
  'alertBroadWorksMobilityLocation',
  'alertBroadWorksAnywhereLocations',
  'alertSharedCallAppearanceLocations',
  'alertingMode',
  'alertingCallingLineIdNameMode',
  'alertingCustomCallingLineIdName',
  'unicodeAlertingCustomCallingLineIdName',
  'alertingCallingLineIdPhoneNumberMode',
  'alertingCustomCallingLineIdPhoneNumber',
  'callPushRecallNumberOfRings',
  'nextAssistantNumberOfRings',
  'enableRollover',
  'rolloverWaitTimeSeconds',
  'rolloverAction',
  'rolloverForwardToPhoneNumber',
] as const;

const BOOLEANS = new Set([
  'enableScreening',
  'alertBroadWorksMobilityLocation',
  'alertBroadWorksAnywhereLocations',
  'alertSharedCallAppearanceLocations',
  'enableRollover',
]);
const INTS = new Set(['callPushRecallNumberOfRings', 'nextAssistantNumberOfRings', 'rolloverWaitTimeSeconds']);

/** UserExecutiveGetScreeningAlertingRequest → the 17 elements (optional ones only when set). */
export function getScreeningAlerting(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveGetScreeningAlertingRequest', 'Executive');
  if (isReply(exec)) return exec;
  const sa = exec.executive!.screeningAlerting;
  const body: OciElement = {};
  for (const f of SCREENING_ALERTING_FIELDS) if (sa[f] !== undefined) body[f] = sa[f];
  return data('UserExecutiveGetScreeningAlertingResponse', body);
}

function canonical(field: string, text: string): string {
  const t = collapseXmlWhitespace(text);
  if (BOOLEANS.has(field)) return t === '1' || t === 'true' ? 'true' : 'false';
  if (INTS.has(field)) return String(Number(t));
  return field === 'unicodeAlertingCustomCallingLineIdName' || field === 'alertingCustomCallingLineIdName' ? text : t;
}

/** Cross-field rules the XSD cannot say (texts are the simulator's own). */
function inconsistency(sa: Record<string, string>): string | undefined {
  if (
    sa.alertingCallingLineIdNameMode === 'Custom' &&
    !sa.alertingCustomCallingLineIdName &&
    !sa.unicodeAlertingCustomCallingLineIdName
  )
    return 'a custom calling line ID name is required when the name mode is Custom';
  if (sa.alertingCallingLineIdPhoneNumberMode === 'Custom' && !sa.alertingCustomCallingLineIdPhoneNumber)
    return 'a custom calling line ID phone number is required when the number mode is Custom';
  if (sa.rolloverAction === 'Forward' && !sa.rolloverForwardToPhoneNumber)
    return 'a forward-to phone number is required when the rollover action is Forward';
  return undefined;
}

/** UserExecutiveModifyScreeningAlertingRequest: only present elements change; nil clears. */
export function modifyScreeningAlerting(ctx: CommandContext): Reply {
  const exec = targetUser(ctx, 'UserExecutiveModifyScreeningAlertingRequest', 'Executive');
  if (isReply(exec)) return exec;
  const e = exec.executive!;
  const next = { ...e.screeningAlerting };
  for (const f of SCREENING_ALERTING_FIELDS) {
    const el = child(ctx.node, f);
    if (el?.nil) delete next[f];
    else if (el) next[f] = canonical(f, el.text);
  }
  const problem = inconsistency(next);
  if (problem) return errors.inconsistentAlerting(problem);
  e.screeningAlerting = next;
  return success();
}
