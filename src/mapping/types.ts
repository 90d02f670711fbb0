import type { z } from 'zod';
import type { OciCommandName, OciElementOf, OciUserService } from './generated/oci-commands';
import type { TransformName } from './transforms';

/**
 * The vocabulary of mapping files: plain data that the engine compiles once at start-up.
 * Sources are dotted paths into the request scope: `path.user`, `query.x`, `body.a.b`,
 * `var.name`, `row.<column>` (inside a fan-out), or `.key` relative to the enclosing
 * element's source. A list of sources means "the first one that is defined".
 */
export type SourcePath = `${'path' | 'query' | 'body' | 'var' | 'row'}.${string}` | `.${string}`;
/** The vocabulary types take `S`, the sources they accept (any SourcePath by default). */
export type Source<S extends string = SourcePath> = S | readonly S[];

export type HttpMethod = 'get' | 'put' | 'post' | 'delete';

/** A condition on the request scope; every key given must hold. */
export interface Condition<S extends string = SourcePath> {
  /** The source is defined (not undefined). */
  present?: S;
  /** The source is undefined. */
  absent?: S;
  /** The source is `true` / `"true"`. */
  isTrue?: S;
  /** Both sources are defined and differ. */
  differs?: readonly [S, S];
}

/** One element of a command body, in XSD sequence order; `E` is what the command's XSD allows. */
export interface ElementSpec<E extends string = string, S extends string = SourcePath> {
  el: E;
  from?: Source<S>;
  /** A constant text value. */
  value?: string;
  /** A transform from the registry (src/mapping/transforms.ts), REST → OCI direction. */
  transform?: TransformName;
  /** Child elements; `from` is then the object they read from (relative sources `.x`). */
  fields?: readonly ElementSpec<string, S>[];
  /** `from` is a list: one element per item. */
  repeat?: boolean;
  /** `from` is a list wrapped in `el`, each item in a `wrap` element; an empty list is xsi:nil. */
  wrap?: string;
  when?: Condition<S>;
}

/** One OCI command of a document. Reads vs writes are told apart by the command type. */
export interface CommandSpecOf<C extends OciCommandName, S extends string = SourcePath> {
  type: C;
  /** Name under which the result is read by `output`. */
  as?: string;
  /** Top-level element names are checked against the generated XSD types (nested ones at run time by the XSD). */
  fields: readonly ElementSpec<OciElementOf<C>, S>[];
  when?: Condition<S>;
  /** Fan-out: one command per row of an earlier result's table (`alias.tableElement`). */
  forEach?: { rows: string };
}

/** Any command the generated types know (scripts/gen-oci-types.mjs lists them). */
export type CommandSpec<S extends string = SourcePath> = { [C in OciCommandName]: CommandSpecOf<C, S> }[OciCommandName];

/** How the answer is built from the OCI results (and the request scope). */
export type OutSpec<S extends string = SourcePath> =
  /** Text of a result element (`alias.element.child`); absent → null unless the transform says otherwise. */
  | { text: string; transform?: TransformName }
  /** Repeated text elements as a list (absent → []). */
  | { texts: string }
  /** A value from the request scope. */
  | { input: Source<S>; transform?: TransformName }
  /** A constant. */
  | { constant: string | number | boolean | null }
  /** A nested object; null when `ifPresent` (a result element) is absent. */
  | { object: Readonly<Record<string, OutSpec<S>>>; ifPresent?: string }
  /**
   * One object per table row; `fanOut` names the per-row results of a `forEach` command;
   * `max` (a source holding a number) keeps only the first rows.
   */
  | { rows: string; fields: Readonly<Record<string, OutSpec<S>>>; fanOut?: string; max?: Source<S> }
  /** Whether the table (`alias.table`) has more rows than the number at `max`. */
  | { rowsExceed: string; max: Source<S> }
  /** A cell of the current row, by column heading. */
  | { cell: string; transform?: TransformName }
  /** A cell of the table row whose `column` equals `match`; absent row → null. */
  | { lookup: string; column: string; match: Source<S>; cell: string; transform?: TransformName };

/** 404 unless a row of `rows` (`alias.table`) has `column` equal to `equals`. */
export interface ExistsCheck<S extends string = SourcePath> {
  rows: string;
  column: string;
  equals: Source<S>;
  /** Problem detail when absent, e.g. "criteria not found". */
  what: string;
}

/**
 * A read-first rule on the items of a body list: each item must match a row of a table read by
 * `checks.read` (`rows` = `alias.table`, the row whose `column` equals the item's `key`), and
 * `refuse` rules may then forbid it. A failing item is a 400 naming it; nothing is written.
 */
export interface ItemCheck<S extends string = SourcePath> {
  /** A list in the request body, e.g. `body.executiveUsers`. */
  each: S;
  /** The item field that identifies the row, e.g. `userId`. */
  key: string;
  rows: string;
  column: string;
  /** Message when no row matches, after the key's value: e.g. "is not an executive of this user". */
  missing: string;
  /**
   * Refused when the row's `cell` equals `equals` and, if `changes` is given, the item's
   * `changes.field` differs from the row's `changes.cell` (read with `changes.transform`):
   * re-sending the current value is not a change. The message follows the key's value.
   */
  refuse?: readonly {
    cell: string;
    equals: string;
    changes?: { field: string; cell: string; transform?: string };
    message: string;
  }[];
}

/** Checks a write runs first, inside the write lock: one read document, then rules on its results. */
export interface WriteChecks<S extends string = SourcePath> {
  read: readonly CommandSpec<S>[];
  items: readonly ItemCheck<S>[];
}

export interface OperationMapping<S extends string = SourcePath> {
  method: HttpMethod;
  /** Relative to /api/v1/tenants/{tenant}/groups/{group}/users/{user}/, e.g. `services/executive/criteria/{name}/`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Path parameters beyond tenant/group/user. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body may be absent (GET with an optional JSON body). */
  bodyOptional?: boolean;
  response: z.ZodType;
  requestExample?: unknown;
  responseExample?: unknown;
  /** Named values derived from the request, usable as `var.<name>`. */
  vars?: Readonly<Record<string, { from: Source<S>; transform?: TransformName; default?: unknown }>>;
  /** The OCI documents, in order; each inner list is one execute call. */
  documents: readonly (readonly CommandSpec<S>[])[];
  /** Read sent after a failed write when its document held no read (decides 404 vs 400). */
  verify?: CommandSpec<S>;
  exists?: ExistsCheck<S>;
  /**
   * An assistant of the path user (in its assistant table and opted in; src/mapping/delegation.ts)
   * may call this operation with its own user-level token, as the XSD lets assistants run it.
   */
  assistantMayCall?: boolean;
  /**
   * This write changes who may act for these executives (user ids, or objects with `userId`):
   * their cached delegation answers are dropped after it.
   */
  changesAssistantsOf?: Source<S>;
  /** Read-first checks of a write (inside the write lock, before any write). */
  checks?: WriteChecks<S>;
  /**
   * A write that creates an item answers `Location` with the item's path: `path` is relative like
   * the operation's own and must be one a GET serves; `params` fill its parameters beyond
   * tenant/group/user (e.g. `{ name: 'body.name' }`).
   */
  location?: { path: string; params: Readonly<Record<string, Source<S>>> };
  output: OutSpec<S>;
}

/** One REST resource: its operations, all under the same path. */
export interface ResourceMapping {
  name: string;
  tag: string;
  /**
   * The BroadWorks service (UserService name, e.g. `Executive`) every operation needs. The
   * membership document asks UserServiceIsAssignedRequest for it before the first command;
   * not assigned → 404 `service-not-assigned`. Omit it and the check is skipped. A value of
   * the schema's UserService enumeration (a misspelt name is a compile error).
   */
  service?: OciUserService;
  /** Path parameter examples for the OpenAPI document (/docs "Try it out"), beside the demo executive's. */
  parameterExamples?: Readonly<Record<string, string>>;
  operations: readonly OperationMapping[];
}
