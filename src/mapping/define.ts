import { z } from 'zod';
import { int } from './schema-types';
import { OCI_ELEMENTS, type OciCommandName, type OciElementOf } from './generated/oci-commands';
import type { TransformName } from './transforms';
import type { CommandSpec, ElementSpec, OperationMapping, OutSpec, ResourceMapping } from './types';

/**
 * The field-once mapping language. A settings resource (one Get command, one Modify command)
 * declares each REST field once; the request schema, the Modify elements (in XSD order), the
 * answer, the response schema and so the OpenAPI all derive from that declaration. It compiles
 * to the engine's vocabulary (./types), so nothing under src/http changes to serve it.
 */

/** What a REST value is on each side: write schema, read schema, the transform between REST and OCI. */
export interface Kind {
  write?: z.ZodType;
  read?: z.ZodType;
  transform?: TransformName;
  /** Read side built from the result element other than as text (a table, a list). */
  out?: (resultPath: string) => OutSpec;
  /** Write side carried other than as text (a wrapped list). */
  wrap?: string;
}

/** The kinds mapping files use; each one pairs the REST schemas with the matching transform. */
export const kind = {
  boolean: { write: z.boolean(), read: z.boolean(), transform: 'boolean' },
  /** An xs:int range on writes; any integer on reads. */
  integer: (min: number, max: number): Kind => ({ write: int(min, max), read: z.number().int(), transform: 'integer' }),
  /** A closed list of values, the same both ways. */
  choice: (values: z.ZodEnum): Kind => ({ write: values, read: values }),
  /** Text with the XSD's rules on writes; any string on reads. */
  text: (write: z.ZodType): Kind => ({ write, read: z.string() }),
  /** A replacement list written inside `el`, each item in a `wrap` element (write only). */
  list: (item: z.ZodType, wrap: string): Kind => ({ write: z.array(item), wrap }),
  /** An OCITable read as one object per row (read only). */
  table: (fields: Readonly<Record<string, OutSpec>>, row: z.ZodType): Kind => ({
    read: z.array(row),
    out: (rows) => ({ rows, fields }),
  }),
} satisfies Record<string, Kind | ((...args: never[]) => Kind)>;

/** `UserXGetRequest` → `UserXGetResponse` (and `…Request21` → `…Response21`). */
export type ResponseOf<C extends string> = C extends `${infer B}Request${infer S}`
  ? `${B}Response${S}` extends OciCommandName
    ? `${B}Response${S}`
    : never
  : never;

type Readable<G extends OciCommandName> = OciElementOf<ResponseOf<G>>;
type Writable<M extends OciCommandName> = Exclude<OciElementOf<M>, 'userId'>;

/**
 * One REST field. `dir` (default `both`) says whether it is read, written or both; `el` must be
 * an element of the Get response (read), of the Modify request (write), or of both.
 */
export type Field<G extends OciCommandName, M extends OciCommandName> = {
  kind: Kind;
  /** null clears it (xsi:nil on writes) and a read may answer null. */
  nillable?: boolean;
  /** A second accepted request name (e.g. APIO's `enable`); both given must agree. Answers use the field name. */
  alias?: { name: string; description: string };
} & (
  { dir?: 'both'; el: Readable<G> & Writable<M> } | { dir: 'read'; el: Readable<G> } | { dir: 'write'; el: Writable<M> }
);

export interface OperationText {
  operationId: string;
  summary: string;
  description?: string;
}

export interface SettingsResource<
  G extends OciCommandName,
  M extends OciCommandName,
  F extends Readonly<Record<string, Field<G, M>>>,
> {
  name: string;
  tag: string;
  /** The UserService every operation needs (membership check); omit to skip it. */
  service?: string;
  /** Relative to the user, e.g. `services/do_not_disturb/`. */
  path: string;
  /** An opted-in assistant of the path user may call both operations (OperationMapping.assistantMayCall). */
  assistantMayCall?: boolean;
  get: G;
  modify: M;
  fields: F;
  getOperation: OperationText & { example: unknown };
  putOperation: OperationText & { requestExample: unknown; responseExample: unknown };
}

function responseOf(request: string): OciCommandName {
  return request.replace(/Request(\d*)$/, 'Response$1') as OciCommandName;
}

function readable(f: Field<OciCommandName, OciCommandName>): boolean {
  return f.dir !== 'write';
}
function writable(f: Field<OciCommandName, OciCommandName>): boolean {
  return f.dir !== 'read';
}

/**
 * A settings resource: GET reads the Get command; PUT is "modify, then re-read" — the Modify
 * command (only the fields given) and the same Get in one document, answered like the GET.
 */
export function settingsResource<
  G extends OciCommandName,
  M extends OciCommandName,
  F extends Readonly<Record<string, Field<G, M>>>,
>(spec: SettingsResource<G, M, F>): ResourceMapping {
  const alias = 'current';
  const entries = Object.entries(spec.fields) as [string, Field<OciCommandName, OciCommandName>][];
  const reads = entries.filter(([, f]) => readable(f));
  const writes = entries.filter(([, f]) => writable(f));
  // The same checks the types make, for mappings built where the type checker did not look.
  const readEls: readonly string[] = OCI_ELEMENTS[responseOf(spec.get)] ?? [];
  const writeEls: readonly string[] = OCI_ELEMENTS[spec.modify] ?? [];
  for (const [name, f] of entries) {
    if (!f.kind) throw new Error(`${spec.name}.${name}: no kind`);
    if (readable(f) && !readEls.includes(f.el))
      throw new Error(`${spec.name}.${name}: ${f.el} is not read by ${spec.get}`);
    if (writable(f) && !writeEls.includes(f.el))
      throw new Error(`${spec.name}.${name}: ${f.el} is not in ${spec.modify}`);
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

  // Elements go out in XSD sequence order, whatever order the fields are declared in.
  const order = writeEls;
  const elements: ElementSpec[] = writes
    .map(([name, f]): ElementSpec => {
      const el: ElementSpec = { el: f.el, from: f.alias ? [`body.${name}`, `body.${f.alias.name}`] : `body.${name}` };
      if (f.kind.wrap) el.wrap = f.kind.wrap;
      else if (f.kind.transform) el.transform = f.kind.transform;
      return el;
    })
    .sort((a, b) => order.indexOf(a.el) - order.indexOf(b.el));

  const read = { type: spec.get, as: alias, fields: [{ el: 'userId', from: 'path.user' }] } as CommandSpec;
  const modify = {
    type: spec.modify,
    fields: [{ el: 'userId', from: 'path.user' }, ...elements],
  } as CommandSpec;

  const get: OperationMapping = {
    method: 'get',
    path: spec.path,
    ...text(spec.getOperation),
    ...(spec.assistantMayCall ? { assistantMayCall: true } : {}),
    response,
    responseExample: spec.getOperation.example,
    documents: [[read]],
    output,
  };
  const put: OperationMapping = {
    method: 'put',
    path: spec.path,
    ...text(spec.putOperation),
    ...(spec.assistantMayCall ? { assistantMayCall: true } : {}),
    body,
    requestExample: spec.putOperation.requestExample,
    response,
    responseExample: spec.putOperation.responseExample,
    documents: [[modify, read]],
    output,
  };
  const resource: ResourceMapping = { name: spec.name, tag: spec.tag, operations: [get, put] };
  if (spec.service !== undefined) resource.service = spec.service;
  return resource;
}

/** A field and its alias, both given, must agree (400 on the alias otherwise). */
function aliasChecks(body: z.ZodObject, writes: [string, Field<OciCommandName, OciCommandName>][]): z.ZodType {
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
