/**
 * The one registry of named value transforms mapping files may use. `toOci` turns a
 * validated REST value into element text; `fromOci` turns element text (undefined when
 * the element is absent) into the REST value. Returning OMIT drops the key.
 */

export const OMIT: unique symbol = Symbol('omit');

export interface TransformContext {
  /** Path parameters of the request (tenant, group, user…). */
  path: Readonly<Record<string, string>>;
}

export interface Transform {
  toOci?: (value: unknown) => string;
  fromOci?: (value: string | undefined, ctx: TransformContext) => unknown;
}

const SCHEDULE_LEVEL_TO_OCI: Record<string, string> = { Tenant: 'Service Provider', Group: 'Group', User: 'User' };
const SCHEDULE_LEVEL_FROM_OCI: Record<string, string> = { 'Service Provider': 'Tenant', Group: 'Group', User: 'User' };

// `+32-69441552` → `+3269441552`: tables put a dash after the country code.
const TABLE_PHONE = /^(\+\d{1,3})-(\d+)$/;
// `Sales \ Benelux (acme-hq)`: the owner (group id, or the tenant for enterprise departments) in trailing parentheses.
const DEPARTMENT_CELL = /^(.*) \(([^()]+)\)$/;

function bool(value: unknown): string {
  return value === true || value === 'true' || value === '1' ? 'true' : 'false';
}

export const transforms = {
  boolean: {
    toOci: bool,
    fromOci: (v) => (v === undefined || v === '' ? null : v === 'true' || v === '1'),
  },
  integer: {
    toOci: (v) => String(v),
    fromOci: (v) => (v === undefined || v === '' || !/^-?\d+$/.test(v) ? null : Number(v)),
  },
  /** REST `Tenant` ↔ OCI `Service Provider` (ScheduleLevel). */
  scheduleLevel: {
    toOci: (v) => SCHEDULE_LEVEL_TO_OCI[String(v)] ?? String(v),
    fromOci: (v) => (v === undefined ? null : (SCHEDULE_LEVEL_FROM_OCI[v] ?? v)),
  },
  /** A limit N sent as N + 1: a table of N + 1 rows then tells that the list was cut at N. */
  oneMore: { toOci: (v) => String(Number(v) + 1) },
  /** Table phone numbers to E.164 as APIO shows them; '' when empty. */
  phoneWithoutDash: {
    fromOci: (v) => {
      if (!v) return '';
      const m = TABLE_PHONE.exec(v);
      return m ? m[1] + m[2] : v;
    },
  },
  /** '' for an absent or empty value (user summaries show empty strings). */
  emptyString: { fromOci: (v) => v ?? '' },
  /** The "Department" cell as a department object (heuristic (a) of reference §7.8); omitted when empty. */
  department: {
    fromOci: (v, ctx) => {
      if (!v) return OMIT;
      const m = DEPARTMENT_CELL.exec(v);
      const owner = m?.[2];
      const path = m ? m[1] : v;
      const name = path.split(' \\ ').pop() ?? path;
      const tenantId = ctx.path.tenant ?? null;
      return {
        tenantId,
        groupId: owner !== undefined && owner !== tenantId ? owner : null,
        departmentName: name,
        fullPathName: v,
      };
    },
  },
} satisfies Readonly<Record<string, Transform>>;

/** The names mapping files may use; a misspelt one does not compile. */
export type TransformName = keyof typeof transforms;

/** Looks a transform up; throws at start-up for an unknown name (mappings built outside the type checker). */
export function getTransform(name: string): Transform {
  const t = (transforms as Readonly<Record<string, Transform>>)[name];
  if (!t) throw new Error(`unknown transform "${name}"`);
  return t;
}
