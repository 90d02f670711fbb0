import { z } from 'zod';
import type { Kind } from './kinds';
import { operationText, type OperationText } from './operation-text';
import { byOrder, childrenOf, elementsOf, responseOf, type Readable } from './schema-commands';
import {
  createSchema,
  fieldElement,
  itemFieldsOutput,
  itemResponseSchema,
  need,
  updateSchema,
  type AnyField,
  type CollectionField,
  type DefaultsMatch,
} from './collection-fields';
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
 * compiles to the engine vocabulary (./types) like settingsResource (./settings-resource). The
 * fields themselves are ./collection-fields.
 */

export {
  itemFieldsOutput,
  itemResponseSchema,
  repeatedKind,
  type CollectionField,
  type ItemPaths,
  type Member,
} from './collection-fields';

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

const ITEM = 'item';
const LIST = 'list';
const KEY_VAR = 'key';

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
      location: { path: keyPath, params: { [spec.key.name]: keyVar } },
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
