import { z } from 'zod';
import { OCI_ELEMENTS, type OciChildOf, type OciCommandName, type OciElementOf } from './generated/oci-commands';
import type { BothKind, ItemField, Kind, ReadKind, WriteKind } from './kinds';
import { operationText, type OperationText } from './operation-text';
import { childrenOf, elementsOf, responseOf, type Readable, type ResponseOf } from './schema-commands';
import type { RowCheck } from './tables';
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
 * A settings resource (one Get command, one Modify command) declares each REST field once; the
 * request schema, the Modify elements (in XSD order), the answer, the response schema and so the
 * OpenAPI all derive from that declaration. It compiles to the engine's vocabulary (./types), so
 * nothing under src/http changes to serve it.
 */

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
  /** Relative to the user, e.g. `services/dnd/`. */
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
  if (!(spec.get in OCI_ELEMENTS) || !(spec.modify in OCI_ELEMENTS))
    throw new Error(`${spec.name}: ${spec.get} or ${spec.modify} is not generated: run npm run gen:oci-types`);
  const readEls = elementsOf(responseOf(spec.get));
  const writeEls = elementsOf(spec.modify);
  const children = (el: string): readonly string[] => childrenOf(spec.modify, el);
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
    ...operationText(spec.getOperation),
    ...(spec.assistantMayCall ? { assistantMayCall: true } : {}),
    response,
    responseExample: spec.getOperation.example,
    documents: [[read], ...second],
    output,
  };
  const put: OperationMapping = {
    method: 'put',
    path: spec.path,
    ...operationText(spec.putOperation),
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
