import { z } from 'zod';
import { int } from './schema-types';
import {
  OCI_CHILDREN,
  OCI_ELEMENTS,
  type OciChildOf,
  type OciCommandName,
  type OciElementOf,
} from './generated/oci-commands';
import type { TransformName } from './transforms';
import type {
  CommandSpec,
  ElementSpec,
  ItemCheck,
  OperationMapping,
  OutSpec,
  ResourceMapping,
  SourcePath,
} from './types';

/**
 * The field-once mapping language. A settings resource (one Get command, one Modify command)
 * declares each REST field once; the request schema, the Modify elements (in XSD order), the
 * answer, the response schema and so the OpenAPI all derive from that declaration. It compiles
 * to the engine's vocabulary (./types), so nothing under src/http changes to serve it.
 */

/**
 * What a REST value is on each side: write schema, read schema, the transform between REST and
 * OCI. `E` names the child elements a write of it sends (a wrapped list, structured items), so
 * a field can check them against the XSD types of its element.
 */
export interface Kind<E extends string = string> {
  write?: z.ZodType;
  read?: z.ZodType;
  transform?: TransformName;
  /** Read side built from the result element other than as text (a table, a list). */
  out?: (resultPath: string) => OutSpec;
  /** A per-row command (a second document) that `out` reads from: a table's fan-out. */
  fanOut?: (rows: string) => CommandSpec;
  /** Write side carried other than as text (a wrapped list). */
  wrap?: E;
  /** Write side is a list: one element per item, each item key a child element. */
  items?: Readonly<Record<string, ItemField<E>>>;
}
/** A kind that reads only / writes only / does both (wrong-direction use is a type error). */
export type ReadKind = Kind<never> & { read: z.ZodType };
export type WriteKind<E extends string = never> = Kind<E> & { write: z.ZodType };
export type BothKind = ReadKind & WriteKind;

/** One key of a structured list item: the child element it is written to. */
export interface ItemField<E extends string = string> {
  el: E;
  kind: WriteKind;
}

/** The kinds mapping files use; each one pairs the REST schemas with the matching transform. */
export const kind = {
  // Each kind keeps its zod types, so a POST `default` is checked against what it writes.
  boolean: { write: z.boolean(), read: z.boolean(), transform: 'boolean' } satisfies BothKind,
  /** An xs:int range on writes; any integer on reads. */
  integer: (min: number, max: number): { write: z.ZodNumber; read: z.ZodNumber; transform: 'integer' } => ({
    write: int(min, max),
    read: z.number().int(),
    transform: 'integer',
  }),
  /** A closed list of values, the same both ways. */
  choice: <V extends z.ZodEnum>(values: V): { write: V; read: V } => ({ write: values, read: values }),
  /** Text with the XSD's rules on writes; any string on reads. */
  text: <W extends z.ZodType>(write: W): { write: W; read: z.ZodString } => ({ write, read: z.string() }),
  /** A replacement list written inside `el`, each item in a `wrap` element (write only). */
  list: <const W extends string>(item: z.ZodType, wrap: W): WriteKind<W> => ({ write: z.array(item), wrap }),
  /**
   * A list written as one element per item (write only); each item key is declared once, with
   * the child element it goes to. `loose`: unknown item keys are ignored rather than refused.
   * `unique`: no two items share that key (400 with the message).
   */
  items: <const E extends string, const K extends string>(
    fields: Readonly<Record<K, ItemField<E>>>,
    options: { loose?: boolean; unique?: { key: NoInfer<K>; message: string } } = {},
  ): { write: z.ZodType; items: Readonly<Record<K, ItemField<E>>> } => {
    const shape = Object.fromEntries(Object.entries<ItemField<E>>(fields).map(([name, f]) => [name, f.kind.write]));
    const item = options.loose ? z.object(shape) : z.strictObject(shape);
    const unique = options.unique;
    // The same check the types make (NoInfer<K>), for mappings built where the type checker did not look.
    if (unique && !(unique.key in fields)) throw new Error(`items: unique key ${unique.key} is not an item field`);
    const write = unique
      ? z
          .array(item)
          .refine(
            (list) => new Set(list.map((i) => (i as Record<string, unknown>)[unique.key])).size === list.length,
            unique.message,
          )
      : z.array(item);
    return { write, items: fields };
  },
} satisfies Record<string, Kind<never> | ((...args: never[]) => Kind)>;

function responseOf(request: string): OciCommandName {
  return request.replace(/Request(\w*)$/, 'Response$1') as OciCommandName;
}
const childrenOf = (command: string, el: string): readonly string[] =>
  (OCI_CHILDREN as Readonly<Record<string, Readonly<Record<string, readonly string[]>> | undefined>>)[command]?.[el] ??
  [];

/** A cell of the current row, by one of the table's headings. */
export interface Cell<C extends string> {
  cell: C;
  transform?: TransformName;
}
/** The answer fields of one table row: cells by typed heading, or any other answer piece. */
export type RowFields<C extends string> = Readonly<
  Record<string, Cell<C> | Exclude<OutSpec, { cell: string; lookup?: undefined }>>
>;

/** `as.element` and `as.element.child` for each element of the response to command `Q`. */
export type ResultPath<Q extends OciCommandName, A extends string> = {
  [E in Readable<Q>]: `${A}.${E}` | `${A}.${E}.${Extract<OciChildOf<ResponseOf<Q>, E>, string>}`;
}[Readable<Q>];

/** An answer piece read from one command's result, its paths typed (`P`, e.g. a ResultPath). */
export type ResultOut<P extends string> =
  | { text: P; transform?: TransformName }
  | { texts: P }
  | { constant: string | number | boolean | null }
  | { object: Readonly<Record<string, ResultOut<P>>>; ifPresent?: P };

/**
 * A second document with one `command` per table row (e.g. the details of each criteria):
 * `elements` says which row cell each request element takes; `fields` are read from its
 * result under the alias `as` (their paths are elements of the command's response) and join
 * the row's answer after the cells.
 */
export interface FanOut<Q extends OciCommandName, C extends string, A extends string> {
  command: Q;
  as: A;
  elements: { readonly [E in Exclude<OciElementOf<Q>, 'userId'>]?: C };
  fields: Readonly<Record<string, ResultOut<ResultPath<NoInfer<Q>, NoInfer<A>>>>>;
}

/** The result paths an answer piece reads (every `text`, `texts` and `ifPresent`), for the start-up twin. */
function resultPaths(out: ResultOut<string>): string[] {
  if ('text' in out) return [out.text];
  if ('texts' in out) return [out.texts];
  if ('constant' in out) return [];
  if ('object' in out)
    return [...(out.ifPresent === undefined ? [] : [out.ifPresent]), ...Object.values(out.object).flatMap(resultPaths)];
  throw new Error(`fan-out answers read only text, texts, constant and object: ${JSON.stringify(out)}`);
}

/**
 * A read-first rule on the items written against the rows read (OperationMapping.checks): each
 * item's `key` must match a row's `column`; `refuse` rules may then forbid it. `K` is the item
 * keys it names (`key`, `changes.field`): the field's written items must have them.
 */
export interface RowCheck<C extends string, K extends string = string> {
  key: K;
  column: C;
  missing: string;
  refuse?: readonly {
    cell: C;
    equals: string;
    changes?: { field: K; cell: C; transform?: TransformName };
    message: string;
  }[];
}

/**
 * An OCITable's column headings, as the mapping reads them (the XSD does not name them, so the
 * mapping lists them once); cells, fan-out elements and row checks are then typed by them.
 */
export function table<const C extends string>(headings: readonly C[]) {
  const known = (h: string, where: string): void => {
    if (!(headings as readonly string[]).includes(h)) throw new Error(`${where}: "${h}" is not a heading of the table`);
  };
  return {
    headings,
    /** One object per row (read only), optionally joined with a per-row command's results. */
    rows<Q extends OciCommandName = never, A extends string = never>(
      fields: RowFields<C>,
      row: z.ZodType,
      fanOut?: FanOut<Q, C, A>,
    ): ReadKind {
      for (const f of Object.values(fields)) if ('cell' in f && !('lookup' in f)) known(f.cell, 'rows');
      const all = fanOut ? { ...fields, ...fanOut.fields } : fields;
      const k: ReadKind = {
        read: z.array(row),
        out: (rows) => (fanOut ? { rows, fanOut: fanOut.as, fields: all } : { rows, fields: all }),
      };
      if (fanOut) {
        const order: readonly string[] = OCI_ELEMENTS[fanOut.command];
        const els = (Object.entries(fanOut.elements) as [string, C][]).sort(
          ([a], [b]) => order.indexOf(a) - order.indexOf(b),
        );
        for (const [el, h] of els) {
          if (!order.includes(el)) throw new Error(`rows: ${el} is not in ${fanOut.command}`);
          known(h, 'rows');
        }
        // The same check the types make (ResultPath): each path is `as.element[.child]` of the response.
        const response = responseOf(fanOut.command);
        const read: readonly string[] = OCI_ELEMENTS[response] ?? [];
        for (const path of Object.values(fanOut.fields as Readonly<Record<string, ResultOut<string>>>).flatMap(
          resultPaths,
        )) {
          const [alias, el = '', child, ...more] = path.split('.');
          if (alias !== fanOut.as || !read.includes(el) || more.length > 0)
            throw new Error(`rows: ${path} is not an element of ${response} read as ${fanOut.as}`);
          if (child !== undefined && !childrenOf(response, el).includes(child))
            throw new Error(`rows: ${path}: ${child} is not a child of ${el} in ${response}`);
        }
        k.fanOut = (rows) =>
          ({
            type: fanOut.command,
            as: fanOut.as,
            forEach: { rows },
            fields: [{ el: 'userId', from: 'path.user' }, ...els.map(([el, h]) => ({ el, from: `row.${h}` }))],
          }) as CommandSpec;
      }
      return k;
    },
    /** A read-first check of written items against these rows. */
    check<const K extends string>(spec: RowCheck<C, K>): RowCheck<string, K> {
      known(spec.column, 'check');
      for (const r of spec.refuse ?? []) {
        known(r.cell, 'check');
        if (r.changes) known(r.changes.cell, 'check');
      }
      return spec;
    },
  };
}

/** `UserXGetRequest` → `UserXGetResponse` (and `…Request21` → `…Response21`). */
export type ResponseOf<C extends string> = C extends `${infer B}Request${infer S}`
  ? `${B}Response${S}` extends OciCommandName
    ? `${B}Response${S}`
    : never
  : never;

type Readable<G extends OciCommandName> = OciElementOf<ResponseOf<G>>;
type Writable<M extends OciCommandName> = Exclude<OciElementOf<M>, 'userId'>;

interface FieldOptions {
  /** null clears it (xsi:nil on writes) and a read may answer null. */
  nillable?: boolean;
  /** A second accepted request name (e.g. APIO's `enable`); both given must agree. Answers use the field name. */
  alias?: { name: string; description: string };
}
/** The read side of a field: an element of the Get response. */
export interface ReadSide<G extends OciCommandName> {
  el: Readable<G>;
  kind: ReadKind;
  nillable?: boolean;
}
/** The write side of a field: an element of the Modify request, its kind's child elements checked too. */
export type WriteSide<M extends OciCommandName> = {
  [E in Writable<M>]: { el: E; kind: WriteKind<OciChildOf<M, E>>; nillable?: boolean };
}[Writable<M>];

/**
 * One REST field. `dir` (default `both`) says whether it is read, written or both; `el` must be
 * an element of the Get response (read), of the Modify request (write), or of both. A field whose
 * REST name is one but whose elements differ per direction (a table read, items written) gives
 * `read` and `write` sides instead, and may `check` the written items against the rows read first.
 */
export type Field<G extends OciCommandName, M extends OciCommandName> =
  | (FieldOptions & { dir?: 'both'; el: Readable<G> & Writable<M>; kind: BothKind })
  | (FieldOptions & { dir: 'read'; el: Readable<G>; kind: ReadKind })
  | (FieldOptions & { dir: 'write' } & WriteSide<M>)
  | { read: ReadSide<G>; write: WriteSide<M>; check?: RowCheck<string> };

/**
 * A field as `settingsResource` accepts it before its element is checked: any element name, so
 * that FieldsKnown can explain a misspelt one with the valid names instead of one suggestion.
 */
type Declared<G extends OciCommandName, M extends OciCommandName> =
  Field<G, M> | (FieldOptions & { dir?: 'both' | 'read' | 'write'; el: string; kind: Kind<never> | Kind });

/** Explains a declared field that is not a Field: a misspelt or foreign element lists the valid names; any other mistake keeps Field's own error. */
type Explain<X, G extends OciCommandName, M extends OciCommandName> = X extends { el: infer E }
  ? X extends { dir: 'read' }
    ? E extends Readable<G>
      ? Field<G, M>
      : {
          el: {
            [K in `error: "${E & string}" is not an element of ${ResponseOf<G>}; the valid names are`]: Readable<G>;
          };
        }
    : X extends { dir: 'write' }
      ? E extends Writable<M>
        ? Field<G, M>
        : { el: { [K in `error: "${E & string}" is not an element of ${M}; the valid names are`]: Writable<M> } }
      : E extends Readable<G> & Writable<M>
        ? Field<G, M>
        : E extends Writable<M>
          ? { el: { [K in `error: "${E & string}" is not read back by ${G}: declare it dir: 'write'`]: E } }
          : E extends Readable<G>
            ? { el: { [K in `error: "${E & string}" is not written by ${M}: declare it dir: 'read'`]: E } }
            : {
                el: {
                  [
                    K in `error: "${E & string}" is not an element of both ${ResponseOf<G>} and ${M}; the valid names are`
                  ]: Readable<G> & Writable<M>;
                };
              }
  : Field<G, M>;
/** Every declared field must be a Field<G, M>; one that is not is explained. */
type FieldsKnown<F, G extends OciCommandName, M extends OciCommandName> = {
  [N in keyof F]: F[N] extends Field<G, M> ? unknown : Explain<F[N], G, M>;
};

/** A field's row check must name keys of its written items (a compile error otherwise). */
type CheckMatches<F> = F extends { write: { kind: { items: infer I } }; check: RowCheck<string, infer K> }
  ? [K] extends [keyof I]
    ? unknown
    : { 'error: the check names keys its written items lack': Exclude<K, keyof I> }
  : unknown;
type ChecksMatch<F> = { [N in keyof F]: CheckMatches<F[N]> };

export interface OperationText {
  operationId: string;
  summary: string;
  description?: string;
}

/** A request name: generated (OciCommandName), or one the generator has not seen yet. */
type RequestName = OciCommandName | `${string}Request${string}`;
type Known<C extends string> = Extract<C, OciCommandName>;
/** A command the generated types do not know: the error names the fix. */
type Generated<C extends string> = C extends OciCommandName
  ? unknown
  : {
      [
        K in `error: ${C} is not a generated command: run npm run gen:oci-types (a name not in fixtures/schema is misspelt)`
      ]: C;
    };

export interface SettingsResource<
  G extends RequestName,
  M extends RequestName,
  F extends Readonly<Record<string, Declared<Known<G>, Known<M>>>>,
> extends Pick<ResourceMapping, 'name' | 'tag' | 'service' | 'parameterExamples'> {
  /** Relative to the user, e.g. `services/do_not_disturb/`. */
  path: string;
  /** An opted-in assistant of the path user may call both operations (OperationMapping.assistantMayCall). */
  assistantMayCall?: boolean;
  get: G & Generated<G>;
  modify: M & Generated<M>;
  // Until both commands are generated, the error on `get`/`modify` says what to do; the fields wait.
  fields: F & ChecksMatch<F> & ([Known<G> | Known<M>] extends [never] ? unknown : FieldsKnown<F, Known<G>, Known<M>>);
  getOperation: OperationText & { example: unknown };
  putOperation: OperationText & {
    requestExample: unknown;
    responseExample: unknown;
    /** The PUT changes who may act for these executives (OperationMapping.changesAssistantsOf). */
    changesAssistantsOf?: SourcePath;
  };
}

/** One direction of a field, whichever form declared it. */
interface Side {
  el: string;
  kind: Kind;
  nillable?: boolean;
  alias?: { name: string; description: string };
}

/** The read and write sides of a field (either may be absent) and its row check. */
function sidesOf(f: Field<OciCommandName, OciCommandName>): { read?: Side; write?: Side; check?: RowCheck<string> } {
  if ('read' in f && 'write' in f) return { read: f.read, write: f.write, check: f.check };
  const one = f as Side & { dir?: 'both' | 'read' | 'write' };
  return { read: one.dir === 'write' ? undefined : one, write: one.dir === 'read' ? undefined : one };
}

/**
 * A settings resource: GET reads the Get command; PUT is "modify, then re-read" — the Modify
 * command (only the fields given) and the same Get in one document, answered like the GET. A
 * table read with a fan-out adds a second document (one command per row) to both.
 */
export function settingsResource<
  G extends RequestName,
  M extends RequestName,
  F extends Readonly<Record<string, Declared<Known<G>, Known<M>>>>,
>(spec: SettingsResource<G, M, F>): ResourceMapping {
  const alias = 'current';
  const entries = (Object.entries(spec.fields) as [string, Field<OciCommandName, OciCommandName>][]).map(
    ([name, f]) => [name, sidesOf(f)] as const,
  );
  const reads = entries.flatMap(([name, f]) => (f.read ? [[name, f.read] as const] : []));
  const writes = entries.flatMap(([name, f]) => (f.write ? [[name, f.write] as const] : []));
  // The same checks the types make, for mappings built where the type checker did not look.
  const readEls: readonly string[] = OCI_ELEMENTS[responseOf(spec.get)] ?? [];
  if (!(spec.get in OCI_ELEMENTS) || !(spec.modify in OCI_ELEMENTS))
    throw new Error(`${spec.name}: ${spec.get} or ${spec.modify} is not generated: run npm run gen:oci-types`);
  const writeEls: readonly string[] = OCI_ELEMENTS[spec.modify as OciCommandName];
  const children = (el: string): readonly string[] =>
    (OCI_CHILDREN as Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>)[spec.modify]?.[el] ?? [];
  for (const [name, f] of [...reads, ...writes]) if (!f.kind) throw new Error(`${spec.name}.${name}: no kind`);
  for (const [name, f] of reads)
    if (!readEls.includes(f.el)) throw new Error(`${spec.name}.${name}: ${f.el} is not read by ${spec.get}`);
  for (const [name, f] of writes) {
    if (!writeEls.includes(f.el)) throw new Error(`${spec.name}.${name}: ${f.el} is not in ${spec.modify}`);
    const kids = [f.kind.wrap, ...Object.values(f.kind.items ?? {}).map((i) => i.el)].filter((k) => k !== undefined);
    for (const k of kids)
      if (!children(f.el).includes(k)) throw new Error(`${spec.name}.${name}: ${k} is not a child of ${f.el}`);
  }

  const response = z.object(
    Object.fromEntries(
      reads.map(([name, f]) => {
        if (!f.kind.read) throw new Error(`${spec.name}.${name}: its kind cannot be read`);
        return [name, f.nillable ? f.kind.read.nullable() : f.kind.read];
      }),
    ),
  );
  const body = aliasChecks(
    z.strictObject(
      Object.fromEntries(
        writes.flatMap(([name, f]) => {
          if (!f.kind.write) throw new Error(`${spec.name}.${name}: its kind cannot be written`);
          const schema = f.nillable ? f.kind.write.nullable().optional() : f.kind.write.optional();
          const alias = f.alias ? [[f.alias.name, schema.describe(f.alias.description)] as const] : [];
          return [[name, schema] as const, ...alias];
        }),
      ),
    ),
    writes,
  );
  const output: OutSpec = {
    object: Object.fromEntries(
      reads.map(([name, f]) => {
        const at = `${alias}.${f.el}`;
        return [name, f.kind.out ? f.kind.out(at) : { text: at, transform: f.kind.transform }];
      }),
    ),
  };
  const fanOuts = reads.flatMap(([, f]) => (f.kind.fanOut ? [f.kind.fanOut(`${alias}.${f.el}`)] : []));

  // Elements go out in XSD sequence order, whatever order the fields are declared in.
  const order = writeEls;
  const elements: ElementSpec[] = writes
    .map(([name, f]): ElementSpec => {
      const el: ElementSpec = { el: f.el, from: f.alias ? [`body.${name}`, `body.${f.alias.name}`] : `body.${name}` };
      if (f.kind.wrap) el.wrap = f.kind.wrap;
      else if (f.kind.items) {
        el.repeat = true;
        el.fields = itemElements(f.kind.items, children(f.el));
      } else if (f.kind.transform) el.transform = f.kind.transform;
      return el;
    })
    .sort((a, b) => order.indexOf(a.el) - order.indexOf(b.el));

  const checks: ItemCheck[] = entries.flatMap(([name, f]) => {
    if (!f.check) return [];
    const items = f.write?.kind.items ?? {};
    for (const key of [f.check.key, ...(f.check.refuse ?? []).flatMap((r) => (r.changes ? [r.changes.field] : []))])
      if (!(key in items)) throw new Error(`${spec.name}.${name}: check names ${key}, not an item field`);
    return [{ each: `body.${name}`, rows: `${alias}.${f.read?.el ?? ''}`, ...f.check }];
  });

  const read = {
    type: spec.get as OciCommandName,
    as: alias,
    fields: [{ el: 'userId', from: 'path.user' }],
  } as CommandSpec;
  const modify = {
    type: spec.modify as OciCommandName,
    fields: [{ el: 'userId', from: 'path.user' }, ...elements],
  } as CommandSpec;
  const second = fanOuts.length ? [fanOuts] : [];

  const get: OperationMapping = {
    method: 'get',
    path: spec.path,
    ...text(spec.getOperation),
    ...(spec.assistantMayCall ? { assistantMayCall: true } : {}),
    response,
    responseExample: spec.getOperation.example,
    documents: [[read], ...second],
    output,
  };
  const put: OperationMapping = {
    method: 'put',
    path: spec.path,
    ...text(spec.putOperation),
    ...(spec.assistantMayCall ? { assistantMayCall: true } : {}),
    ...(spec.putOperation.changesAssistantsOf ? { changesAssistantsOf: spec.putOperation.changesAssistantsOf } : {}),
    body,
    requestExample: spec.putOperation.requestExample,
    response,
    responseExample: spec.putOperation.responseExample,
    ...(checks.length ? { checks: { read: [read], items: checks } } : {}),
    documents: [[modify, read], ...second],
    output,
  };
  const resource: ResourceMapping = { name: spec.name, tag: spec.tag, operations: [get, put] };
  if (spec.service !== undefined) resource.service = spec.service;
  if (spec.parameterExamples !== undefined) resource.parameterExamples = spec.parameterExamples;
  return resource;
}

/** The child elements of one written item, in XSD order: each item key from `.key`. */
function itemElements(items: Readonly<Record<string, ItemField>>, order: readonly string[]): ElementSpec[] {
  return Object.entries(items)
    .map(([key, f]): ElementSpec => {
      const el: ElementSpec = { el: f.el, from: `.${key}` };
      if (f.kind.transform) el.transform = f.kind.transform;
      return el;
    })
    .sort((a, b) => order.indexOf(a.el) - order.indexOf(b.el));
}

/** A field and its alias, both given, must agree (400 on the alias otherwise). */
function aliasChecks(body: z.ZodObject, writes: (readonly [string, Side])[]): z.ZodType {
  let out: z.ZodType = body;
  for (const [name, f] of writes) {
    const alias = f.alias?.name;
    if (!alias) continue;
    out = out.refine(
      (value) => {
        const b = value as Record<string, unknown>;
        return b[alias] === undefined || b[name] === undefined || b[alias] === b[name];
      },
      { path: [alias], message: `\`${alias}\` (an alias of \`${name}\`) differs from \`${name}\`` },
    );
  }
  return out;
}

function text(t: OperationText): OperationText {
  return t.description === undefined
    ? { operationId: t.operationId, summary: t.summary }
    : { operationId: t.operationId, summary: t.summary, description: t.description };
}
