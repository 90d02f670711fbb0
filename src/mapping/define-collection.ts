import { z } from 'zod';
import type { Kind } from './kinds';
import { operationText, type OperationText } from './operation-text';
import { byOrder, childrenOf, elementsOf, responseOf, type Readable, type ResponseOf } from './schema-commands';
import type { ResultOut } from './tables';
import { type OciChildOf, type OciCommandName, type OciElementOf } from './generated/oci-commands';
import type {
  CommandSpec,
  Condition,
  ElementSpec,
  ExistsCheck,
  OperationMapping,
  OutSpec,
  ResourceMapping,
  SourcePath,
} from './types';

/**
 * The field-once language for a collection of items addressed by a key (POST `path`,
 * GET/PUT/DELETE `path{key}/`): Get, Add, Modify and Delete commands, each field (and each
 * member of a nested group) declared once. The request schemas of POST and PUT, the Add and
 * Modify elements (in XSD order), the answer and its schema derive from the declaration; it
 * compiles to the engine vocabulary (./types) like settingsResource (./define).
 */

type Child<C extends OciCommandName, E extends string> = Extract<OciChildOf<C, E>, string>;
type Common<G extends OciCommandName, A extends OciCommandName, M extends OciCommandName> = Readable<G> &
  OciElementOf<A> &
  OciElementOf<M>;

/** One member of a nested group: an element of the group's XSD type (R read, A Add, M Modify). */
export type Member<R extends string, A extends string, M extends string> =
  /** A REST-only constant: optional on writes, always answered, never sent. */
  | { constant: string }
  | ({
      kind: Kind;
      /** Written on POST when the request leaves it out. */
      default?: unknown;
      /** null on PUT clears it (an empty wrapped list, xsi:nil). */
      nillable?: boolean;
    } & (
      | { el: R & A & M; onModify?: undefined }
      /** Modify carries it in another element, e.g. a wrapped replacement list instead of repeats. */
      | { el: R & A; onModify: { el: M; wrap: string } }
    ));

type FieldFor<G extends OciCommandName, A extends OciCommandName, M extends OciCommandName, E extends string> = {
  el: E;
  /** null on PUT clears it (xsi:nil), and a read may answer null (the element is absent). */
  nillable?: boolean;
} & (
  | { kind: Kind; default?: unknown; members?: undefined }
  | {
      members: Readonly<Record<string, Member<Child<ResponseOf<G>, E>, Child<A, E>, Child<M, E>>>>;
      /** PUT may give members alone (the Modify type's members are optional); else the group is replaced whole. */
      patch?: boolean;
      /** OCI requires it on Add: absent on POST, it is the members' defaults. */
      defaultFromMembers?: boolean;
      kind?: undefined;
    }
);

/** A field of an item: an element of the Get response, the Add and the Modify (a union keyed by `el`). */
export type CollectionField<G extends OciCommandName, A extends OciCommandName, M extends OciCommandName> = {
  [E in Common<G, A, M>]: FieldFor<G, A, M, E>;
}[Common<G, A, M>];

type WriteOf<K> = K extends { write: infer W extends z.ZodType } ? z.output<W> : unknown;
/** A field's `default` must be a value its kind writes (a compile error otherwise). */
type DefaultMatches<F> = F extends { kind: infer KK; default: infer D }
  ? D extends WriteOf<KK>
    ? unknown
    : { 'error: default must be a value its kind writes': WriteOf<KK> }
  : unknown;
type DefaultsMatch<F> = {
  [K in keyof F]: F[K] extends { members: infer MM }
    ? { members: { [N in keyof MM]: DefaultMatches<MM[N]> } }
    : DefaultMatches<F[K]>;
};

export interface CollectionResource<
  G extends OciCommandName,
  A extends OciCommandName,
  M extends OciCommandName,
  D extends OciCommandName,
  L extends OciCommandName,
  W extends OciCommandName,
  F extends Readonly<Record<string, CollectionField<G, A, M>>>,
> extends Pick<ResourceMapping, 'name' | 'tag' | 'service'> {
  /** The collection, relative to the user, e.g. `services/executive/criteria/`; items at `path{key}/`. */
  path: string;
  /** An opted-in assistant of the path user may call every operation. */
  assistantMayCall?: boolean;
  commands: { get: G; add: A; modify: M; delete: D };
  /** The key: REST name and schema, its element in every command, the Modify element that renames. */
  key: {
    name: string;
    schema: z.ZodType;
    el: OciElementOf<G> & OciElementOf<A> & OciElementOf<M> & OciElementOf<D>;
    rename?: OciElementOf<M>;
  };
  /** The list of items (a table with the keys): 404 when the key is not in it; re-read after a failed write. */
  list: { command: L; table: Readable<L>; column: string; what: string };
  fields: F & DefaultsMatch<F>;
  /**
   * A per-item flag kept in the list's table (`cell`), written with `write.command` in a second
   * document only after the Add/Modify succeeded: `write.el` holding `write.key` and `write.value`.
   */
  flag?: {
    name: string;
    kind: Kind;
    cell: string;
    write: {
      command: W;
      el: OciElementOf<W>;
      key: OciChildOf<W, OciElementOf<W>>;
      value: OciChildOf<W, OciElementOf<W>>;
    };
  };
  operations: {
    get: OperationText & { example: unknown };
    create: OperationText & { requestExample: unknown; example: unknown };
    update: OperationText & { requestExample: unknown; example: unknown };
    delete: OperationText & { example: unknown };
  };
}

type AnyMember = Member<string, string, string>;
interface AnyField {
  el: string;
  nillable?: boolean;
  kind?: Kind;
  default?: unknown;
  members?: Readonly<Record<string, AnyMember>>;
  patch?: boolean;
  defaultFromMembers?: boolean;
}

const ITEM = 'item';
const LIST = 'list';
const KEY_VAR = 'key';

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(what);
  return value;
}

/** Builds the mapping of a keyed collection (see CollectionResource). */
export function collectionResource<
  G extends OciCommandName,
  A extends OciCommandName,
  M extends OciCommandName,
  D extends OciCommandName,
  L extends OciCommandName,
  W extends OciCommandName,
  // const: an inline `default: 'Any'` stays the literal its kind is checked against.
  const F extends Readonly<Record<string, CollectionField<G, A, M>>>,
>(spec: CollectionResource<G, A, M, D, L, W, F>): ResourceMapping {
  const { get, add, modify, delete: del } = spec.commands;
  const read = responseOf(get);
  const fields = Object.entries(spec.fields as Record<string, AnyField>);
  const where = (name: string) => `${spec.name}.${name}`;

  // The same checks the types make, for mappings built where the type checker did not look.
  for (const [name, f] of fields) {
    for (const c of [read, add, modify])
      if (!elementsOf(c).includes(f.el)) throw new Error(`${where(name)}: ${f.el} is not in ${c}`);
    for (const [m, member] of Object.entries(f.members ?? {})) {
      if ('constant' in member) continue;
      const modifyEl = member.onModify?.el ?? member.el;
      for (const [c, el] of [
        [read, member.el],
        [add, member.el],
        [modify, modifyEl],
      ] as const)
        if (!childrenOf(c, f.el).includes(el))
          throw new Error(`${where(`${name}.${m}`)}: ${el} is not in ${c} ${f.el}`);
    }
    if (!f.members && !f.kind) throw new Error(`${where(name)}: no kind`);
  }
  for (const c of [get, add, modify, del])
    if (!elementsOf(c).includes(spec.key.el)) throw new Error(`${where(spec.key.name)}: ${spec.key.el} is not in ${c}`);
  if (spec.key.rename && !elementsOf(modify).includes(spec.key.rename))
    throw new Error(`${where(spec.key.name)}: ${spec.key.rename} is not in ${modify}`);
  if (!elementsOf(responseOf(spec.list.command)).includes(spec.list.table))
    throw new Error(`${spec.name}: ${spec.list.table} is not read by ${spec.list.command}`);
  if (spec.flag) {
    const { command, el, key, value } = spec.flag.write;
    if (!elementsOf(command).includes(el)) throw new Error(`${where(spec.flag.name)}: ${el} is not in ${command}`);
    for (const child of [key, value])
      if (!childrenOf(command, el).includes(child))
        throw new Error(`${where(spec.flag.name)}: ${child} is not in ${command} ${el}`);
  }

  // REST schemas. POST: the key, the flag, then the fields; PUT: the same, all optional, nillable ones nullable.
  const keyPath = `${spec.path}{${spec.key.name}}/`;
  const params = z.object({ [spec.key.name]: spec.key.schema });
  const flagWrite = spec.flag ? { [spec.flag.name]: need(spec.flag.kind.write, 'flag: not writable').optional() } : {};
  const createBody = z.strictObject({
    [spec.key.name]: spec.key.schema,
    ...flagWrite,
    ...Object.fromEntries(fields.map(([name, f]) => [name, createSchema(f, where(name))])),
  });
  const updateBody = z.strictObject({
    [spec.key.name]: spec.key.schema.optional(),
    ...flagWrite,
    ...Object.fromEntries(fields.map(([name, f]) => [name, updateSchema(f, where(name))])),
  });
  const response = itemResponseSchema(spec.key.name, spec.fields, spec.flag);

  // Commands.
  const userId = { el: 'userId', from: 'path.user' } as const;
  const keyVar: SourcePath = `var.${KEY_VAR}`;
  const readItem = { type: get, as: ITEM, fields: [userId, { el: spec.key.el, from: keyVar }] } as CommandSpec;
  const readList = { type: spec.list.command, as: LIST, fields: [userId] } as CommandSpec;
  const writeFields = (command: string, mode: 'create' | 'update'): ElementSpec[] =>
    fields.map(([name, f]) => fieldElement(name, f, command, mode)).sort(byOrder(elementsOf(command)));
  const addItem = {
    type: add,
    fields: [userId, { el: spec.key.el, from: `body.${spec.key.name}` }, ...writeFields(add, 'create')],
  } as CommandSpec;
  const rename: ElementSpec[] = spec.key.rename
    ? [
        {
          el: spec.key.rename,
          from: `body.${spec.key.name}`,
          when: { differs: [`body.${spec.key.name}`, `path.${spec.key.name}`] },
        },
      ]
    : [];
  const modifyItem = {
    type: modify,
    fields: [userId, { el: spec.key.el, from: `path.${spec.key.name}` }, ...rename, ...writeFields(modify, 'update')],
  } as CommandSpec;
  const deleteItem = {
    type: del,
    fields: [userId, { el: spec.key.el, from: `path.${spec.key.name}` }],
  } as CommandSpec;

  /** Without the flag: one document (write + reads). With it: the write alone, then the flag + reads. */
  const writeDocuments = (write: CommandSpec): CommandSpec[][] => {
    if (!spec.flag) return [[write, readItem, readList]];
    const flag: SourcePath = `body.${spec.flag.name}`;
    const without: Condition = { absent: flag };
    const withFlag: Condition = { present: flag };
    const { command, el, key, value } = spec.flag.write;
    const setFlag = {
      type: command,
      when: withFlag,
      fields: [
        userId,
        {
          el,
          fields: [
            { el: key, from: keyVar },
            { el: value, from: flag, transform: spec.flag.kind.transform },
          ],
        },
      ],
    } as CommandSpec;
    return [
      [write, { ...readItem, when: without }, { ...readList, when: without }],
      [setFlag, { ...readItem, when: withFlag }, { ...readList, when: withFlag }],
    ];
  };

  const rows = `${LIST}.${spec.list.table}`;
  const exists: ExistsCheck = {
    rows,
    column: spec.list.column,
    equals: `path.${spec.key.name}`,
    what: spec.list.what,
  };
  const output: OutSpec = {
    object: {
      [spec.key.name]: { input: keyVar },
      ...itemFieldsOutput(spec.fields, ITEM),
      ...(spec.flag
        ? {
            [spec.flag.name]: {
              lookup: rows,
              column: spec.list.column,
              match: keyVar,
              cell: spec.flag.cell,
              transform: spec.flag.kind.transform,
            },
          }
        : {}),
    },
  };

  const common = spec.assistantMayCall ? { assistantMayCall: true } : {};
  const ops = spec.operations;
  const operations: OperationMapping[] = [
    {
      method: 'get',
      path: keyPath,
      ...operationText(ops.get),
      ...common,
      params,
      response,
      responseExample: ops.get.example,
      vars: { [KEY_VAR]: { from: `path.${spec.key.name}` } },
      documents: [[readItem, readList]],
      exists,
      output,
    },
    {
      method: 'post',
      path: spec.path,
      ...operationText(ops.create),
      ...common,
      body: createBody,
      requestExample: ops.create.requestExample,
      response,
      responseExample: ops.create.example,
      vars: { [KEY_VAR]: { from: `body.${spec.key.name}` } },
      documents: writeDocuments(addItem),
      verify: readList,
      output,
    },
    {
      method: 'put',
      path: keyPath,
      ...operationText(ops.update),
      ...common,
      params,
      body: updateBody,
      requestExample: ops.update.requestExample,
      response,
      responseExample: ops.update.example,
      vars: { [KEY_VAR]: { from: [`body.${spec.key.name}`, `path.${spec.key.name}`] } },
      documents: writeDocuments(modifyItem),
      verify: readList,
      exists,
      output,
    },
    {
      method: 'delete',
      path: keyPath,
      ...operationText(ops.delete),
      ...common,
      params,
      response: z.object({ [spec.key.name]: z.string() }),
      responseExample: ops.delete.example,
      documents: [[deleteItem, readList]],
      exists,
      output: { object: { [spec.key.name]: { input: `path.${spec.key.name}` } } },
    },
  ];
  const resource: ResourceMapping = { name: spec.name, tag: spec.tag, operations };
  if (spec.service !== undefined) resource.service = spec.service;
  return resource;
}

/** The answer schema of one item: the key, the fields, then the flag (null when its row is missing). */
export function itemResponseSchema(
  key: string,
  fields: Readonly<Record<string, object>>,
  flag?: { name: string; kind: Kind },
): z.ZodObject {
  return z.object({
    [key]: z.string(),
    ...Object.fromEntries(
      Object.entries(fields as Record<string, AnyField>).map(([name, f]) => [name, readSchema(f, name)]),
    ),
    ...(flag ? { [flag.name]: need(flag.kind.read, `${flag.name}: not readable`).nullable() } : {}),
  });
}

type MemberEl<MM> = { [N in keyof MM]: MM[N] extends { el: infer E extends string } ? E : never }[keyof MM];
/** The result paths the fields read under `Al`: `Al.el` and, for a group, `Al.el.member`. */
export type ItemPaths<F, Al extends string> = {
  [K in keyof F]: F[K] extends { el: infer E extends string }
    ? `${Al}.${E}` | (F[K] extends { members: infer MM } ? `${Al}.${E}.${MemberEl<MM>}` : never)
    : never;
}[keyof F];

/**
 * The answer of the fields of one item read under `alias` (also used where another resource
 * lists items: its paths are typed, so a fan-out checks them against its command's response).
 */
export function itemFieldsOutput<const F extends Readonly<Record<string, object>>, const Al extends string>(
  fields: F,
  alias: Al,
): Readonly<Record<string, ResultOut<ItemPaths<F, Al>>>> {
  return Object.fromEntries(
    Object.entries(fields as Record<string, AnyField>).map(([name, f]) => [name, fieldOutput(f, `${alias}.${f.el}`)]),
  ) as Record<string, ResultOut<ItemPaths<F, Al>>>;
}

/** A list written as one repeated element per item on Add (a wrapped list on Modify: Member.onModify), read as texts. */
export function repeatedKind(write: z.ZodArray): Kind {
  return { write, read: z.array(z.string()), out: (at) => ({ texts: at }) };
}

/** The group's write schema; `mode` decides defaults (POST) and nullable members (PUT). */
function groupWrite(f: AnyField, mode: 'create' | 'update', at: string): z.ZodObject {
  return z.strictObject(
    Object.fromEntries(
      Object.entries(f.members ?? {}).map(([name, m]) => {
        if ('constant' in m) return [name, z.literal(m.constant).optional()];
        const write = need(m.kind.write, `${at}.${name}: its kind cannot be written`);
        if (mode === 'create' && m.default !== undefined) return [name, withDefault(write, m.default, `${at}.${name}`)];
        if (!f.patch) return [name, write];
        return [name, mode === 'update' && m.nillable ? write.nullable().optional() : write.optional()];
      }),
    ),
  );
}

/** `write` defaulting to `value`, which it must accept (the types say so too: DefaultsMatch). */
function withDefault(write: z.ZodType, value: unknown, at: string): z.ZodType {
  if (!write.safeParse(value).success) throw new Error(`${at}: default ${JSON.stringify(value)} is not a valid value`);
  return write.default(value as never);
}

function createSchema(f: AnyField, at: string): z.ZodType {
  if (f.members) {
    const group = groupWrite(f, 'create', at);
    if (!f.defaultFromMembers) return group.optional();
    const defaults = Object.entries(f.members).flatMap(([name, m]) =>
      'constant' in m || m.default === undefined ? [] : [[name, m.default] as const],
    );
    return group.default(Object.fromEntries(defaults) as never);
  }
  const write = need(f.kind?.write, `${at}: its kind cannot be written`);
  return f.default !== undefined ? withDefault(write, f.default, at) : write.optional();
}

function updateSchema(f: AnyField, at: string): z.ZodType {
  const write = f.members ? groupWrite(f, 'update', at) : need(f.kind?.write, `${at}: its kind cannot be written`);
  return f.nillable ? write.nullable().optional() : write.optional();
}

function readSchema(f: AnyField, at: string): z.ZodType {
  const schema = f.members
    ? z.object(
        Object.fromEntries(
          Object.entries(f.members).map(([name, m]) => [
            name,
            'constant' in m ? z.literal(m.constant) : need(m.kind.read, `${at}.${name}: its kind cannot be read`),
          ]),
        ),
      )
    : need(f.kind?.read, `${at}: its kind cannot be read`);
  return f.nillable ? schema.nullable() : schema;
}

/** The element one field sends in `command`; members go out in the XSD order of the group's type. */
function fieldElement(name: string, f: AnyField, command: string, mode: 'create' | 'update'): ElementSpec {
  const el: ElementSpec = { el: f.el, from: `body.${name}` };
  if (f.members) {
    el.fields = Object.entries(f.members)
      .flatMap(([member, m]): ElementSpec[] => {
        if ('constant' in m) return [];
        const onModify = mode === 'update' ? m.onModify : undefined;
        const child: ElementSpec = { el: onModify?.el ?? m.el, from: `.${member}` };
        if (onModify) child.wrap = onModify.wrap;
        else if (m.kind.wrap) child.wrap = m.kind.wrap;
        else if (m.kind.write instanceof z.ZodArray) child.repeat = true;
        else if (m.kind.transform) child.transform = m.kind.transform;
        return [child];
      })
      .sort(byOrder(childrenOf(command, f.el)));
  } else if (f.kind?.wrap) el.wrap = f.kind.wrap;
  else if (f.kind?.transform) el.transform = f.kind.transform;
  return el;
}

/** How a field is answered from the item read (`at` = `item.<el>`). */
function fieldOutput(f: AnyField, at: string): OutSpec {
  if (!f.members) return f.kind?.out ? f.kind.out(at) : { text: at, transform: f.kind?.transform };
  const object = Object.fromEntries(
    Object.entries(f.members).map(([name, m]): [string, OutSpec] => {
      if ('constant' in m) return [name, { constant: m.constant }];
      const child = `${at}.${m.el}`;
      return [name, m.kind.out ? m.kind.out(child) : { text: child, transform: m.kind.transform }];
    }),
  );
  return f.nillable ? { object, ifPresent: at } : { object };
}
