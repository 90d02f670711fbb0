import { z } from 'zod';
import { settingsCatalogue } from './settings/catalogue';
import { storedFromInitial } from './settings/handlers';

/**
 * The format of fixtures/demo-data.json, declared once: the zod schema checks data sets a rig
 * loads (`--data FILE`, `PUT /__simulator/data`), and the types of the simulator's live model are
 * inferred from it. Shapes first (zod), then the references between entries, so a bad data set
 * is refused with a message naming the entry instead of failing a command later.
 */

const id = z.string().min(1);
const level = z.enum(['User', 'Group', 'Service Provider']);
export type ScheduleLevel = z.infer<typeof level>;
const scheduleRef = z.strictObject({ level, name: id });
export type ScheduleRef = z.infer<typeof scheduleRef>;

const criteria = z.strictObject({
  name: id,
  active: z.boolean(),
  timeSchedule: scheduleRef.optional(),
  holidaySchedule: scheduleRef.optional(),
  filter: z.boolean(),
  fromDn: z.strictObject({
    selection: z.enum(['Any', 'Any Internal', 'Any External', 'Specified Only']),
    includeAnonymousCallers: z.boolean(),
    includeUnavailableCallers: z.boolean(),
    phoneNumbers: z.array(id),
  }),
  callToNumbers: z.array(z.strictObject({ type: id, number: id.optional(), extension: id.optional() })),
});
export type Criteria = z.infer<typeof criteria>;

const executive = z.strictObject({
  allowOptInOut: z.boolean(),
  assistants: z.array(z.strictObject({ userId: id, optIn: z.boolean() })),
  filtering: z.strictObject({
    enabled: z.boolean(),
    mode: z.enum(['Simple', 'Advanced']),
    simpleFilterType: id,
  }),
  criteria: z.array(criteria),
  /** The 17 elements of UserExecutiveGetScreeningAlertingResponse, keyed by OCI name. */
  screeningAlerting: z.record(z.string(), z.string()),
});
export type Executive = z.infer<typeof executive>;

const user = z.strictObject({
  userId: id,
  password: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  serviceProviderId: id,
  groupId: id,
  phoneNumber: id.optional(),
  extension: id.optional(),
  email: id.optional(),
  /** A department of the user's group, or of the enterprise when `departmentLevel` is Enterprise. */
  department: id.optional(),
  departmentLevel: z.enum(['Group', 'Enterprise']).optional(),
  services: z.array(id),
  executive: executive.optional(),
  /** The assistant's own settings; its executives and opt-ins live on the executives. */
  executiveAssistant: z.strictObject({ enableDivert: z.boolean(), divertToPhoneNumber: id.optional() }).optional(),
  /**
   * Values of the settings services the simulator serves from the schema, by BroadWorks service
   * name (`Call Forwarding Always`), then element name; absent required values start at defaults.
   */
  settings: z
    .record(
      z.string(),
      z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])),
    )
    .optional(),
});

export type User = z.infer<typeof user>;

const serviceProvider = z.strictObject({
  id,
  name: z.string(),
  isEnterprise: z.boolean(),
  resellerId: id.optional(),
  domain: id,
});
export type ServiceProvider = z.infer<typeof serviceProvider>;
const group = z.strictObject({ serviceProviderId: id, groupId: id, name: z.string() });
export type Group = z.infer<typeof group>;
/** `groupId` absent: an enterprise-level department. */
const department = z.strictObject({ serviceProviderId: id, groupId: id.optional(), name: id, parent: id.optional() });
export type Department = z.infer<typeof department>;
const admin = z.strictObject({
  userId: id,
  password: z.string(),
  loginType: z.enum(['System', 'Reseller', 'Service Provider', 'Group']),
  resellerId: id.optional(),
  serviceProviderId: id.optional(),
  groupId: id.optional(),
});
export type Admin = z.infer<typeof admin>;
const schedule = z.strictObject({
  type: z.enum(['Time', 'Holiday']),
  name: id,
  level,
  serviceProviderId: id,
  groupId: id.optional(),
  userId: id.optional(),
});
export type Schedule = z.infer<typeof schedule>;

const dataSchema = z.strictObject({
  _readme: z.unknown().optional(),
  system: z.strictObject({ domain: id }),
  resellers: z.array(z.strictObject({ id, name: z.string() })),
  serviceProviders: z.array(serviceProvider),
  groups: z.array(group),
  departments: z.array(department),
  admins: z.array(admin),
  schedules: z.array(schedule),
  users: z.array(user),
});
/** A whole data set (fixtures/demo-data.json), also the simulator's live state. */
export type DemoData = z.infer<typeof dataSchema>;

/** A data set that does not have the documented format; the message names the bad entry. */
export class DataSetError extends Error {}

// `users[3].executive.criteria[0].fromDn.selection`
function where(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)),
    '',
  );
}

function checkReferences(d: DemoData): string[] {
  const problems: string[] = [];
  const sps = new Set(d.serviceProviders.map((s) => s.id));
  const groups = new Set(d.groups.map((g) => `${g.serviceProviderId}/${g.groupId}`));
  const users = new Set<string>();
  d.groups.forEach((g, i) => {
    if (!sps.has(g.serviceProviderId))
      problems.push(`groups[${i}] (${g.groupId}): unknown serviceProviderId "${g.serviceProviderId}"`);
  });
  d.users.forEach((u, i) => {
    const name = `users[${i}] (${u.userId})`;
    if (users.has(u.userId)) problems.push(`${name}: duplicate userId`);
    users.add(u.userId);
    if (!groups.has(`${u.serviceProviderId}/${u.groupId}`))
      problems.push(`${name}: unknown group "${u.serviceProviderId}/${u.groupId}"`);
  });
  d.users.forEach((u, i) => problems.push(...settingsProblems(u, `users[${i}] (${u.userId})`)));
  d.users.forEach((u, i) => {
    u.executive?.assistants.forEach((a, j) => {
      if (!users.has(a.userId))
        problems.push(`users[${i}] (${u.userId}).executive.assistants[${j}]: unknown userId "${a.userId}"`);
    });
  });
  return problems;
}

/** Initial settings values name a service the simulator serves from the schema, its elements, and valid values. */
function settingsProblems(u: User, name: string): string[] {
  const catalogue = settingsCatalogue();
  return Object.entries(u.settings ?? {}).flatMap(([service, values]) => {
    const pair = catalogue.byService.get(service);
    if (!pair) return [`${name}.settings: "${service}" is not a settings service the simulator serves`];
    const elements = new Map([...pair.write, ...pair.read].map((e) => [e.name, e]));
    return Object.entries(values).flatMap(([el, value]) => {
      const e = elements.get(el);
      if (!e) return [`${name}.settings["${service}"]: ${el} is not an element of ${pair.response} or ${pair.modify}`];
      const texts = storedFromInitial(value);
      if (Array.isArray(texts) !== Boolean(e.list))
        return [`${name}.settings["${service}"].${el}: ${e.list ? 'a list' : 'one value'} expected`];
      const bad = (Array.isArray(texts) ? texts : [texts]).map((t) => e.check(t)).find((p) => p !== undefined);
      return bad ? [`${name}.settings["${service}"].${el}: ${bad}`] : [];
    });
  });
}

/** Parses and checks a data set; throws DataSetError naming the first few bad entries. */
export function parseDataSet(value: unknown): DemoData {
  const r = dataSchema.safeParse(value);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 5).map((i) => `${where(i.path) || '(top level)'}: ${i.message}`);
    throw new DataSetError(`invalid data set: ${lines.join('; ')}`);
  }
  const data = r.data;
  const problems = checkReferences(data);
  if (problems.length > 0) throw new DataSetError(`invalid data set: ${problems.slice(0, 5).join('; ')}`);
  return data;
}

/** Parses JSON text as a data set; a JSON error names the source. */
export function parseDataSetText(text: string, source: string): DemoData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DataSetError(`${source} is not JSON: ${(err as Error).message}`);
  }
  try {
    return parseDataSet(value);
  } catch (err) {
    if (err instanceof DataSetError) throw new DataSetError(`${source}: ${err.message}`);
    throw err;
  }
}
