import { z } from 'zod';
import { type OciChildOf, type OciCommandName, type OciElementOf } from './generated/oci-commands';
import { operationText } from './operation-text';
import { childrenOf } from './schema-commands';
import { queryBoolean } from './schema-types';
import type { OperationText, ReadKind, ResponseOf } from './define';
import type { CommandSpec, ElementSpec, OperationMapping, ResourceMapping, SourcePath } from './types';

/**
 * The field-once language for a GET-only list: one command read, its table answered as rows,
 * at most `limit` of them (BroadWorks is asked for one more, so `truncated` is known), and
 * boolean flags that send a search element. Compiles to the engine's vocabulary like
 * settingsResource (./define).
 */

type PathSource = 'path.tenant' | 'path.group' | 'path.user';

/**
 * A boolean flag (query parameter, and optionally a key of an optional JSON body; the query
 * wins): when true, `el` is sent with its child elements taken from the path.
 */
export type ListFlag<C extends OciCommandName> = {
  [E in OciElementOf<C>]: {
    el: E;
    fields: { readonly [K in OciChildOf<C, E>]?: PathSource };
    default: boolean;
    /** The flag may also come in a JSON body (as the APIO document shows), with this request example. */
    inBody?: { example: boolean };
  };
}[OciElementOf<C>];

export interface ListResource<C extends OciCommandName, F extends Readonly<Record<string, ListFlag<C>>>> extends Pick<
  ResourceMapping,
  'name' | 'tag' | 'service'
> {
  path: string;
  command: C;
  operation: OperationText & { example: unknown };
  /** The answer's list: a table of the response, with its REST name. */
  rows: { name: string; el: OciElementOf<ResponseOf<C>>; kind: ReadKind };
  /** `limit` query parameter: `el` asks for one more than it; `truncated` (described) says there were more. */
  limit: { el: OciElementOf<C>; default: number; max: number; description: string; truncated: string };
  flags: F;
}

export function listResource<C extends OciCommandName, F extends Readonly<Record<string, ListFlag<C>>>>(
  spec: ListResource<C, F>,
): ResourceMapping {
  const alias = 'current';
  const flags = Object.entries(spec.flags) as [string, ListFlag<OciCommandName> & { el: string }][];
  for (const [name, f] of flags)
    for (const k of Object.keys(f.fields))
      if (!childrenOf(spec.command, f.el).includes(k)) throw new Error(`${spec.name}.${name}: ${k} is not in ${f.el}`);
  const inBody = flags.filter(([, f]) => f.inBody);
  const rowsAt = `${alias}.${spec.rows.el}`;
  const rowsOut = spec.rows.kind.out?.(rowsAt);
  if (!rowsOut || !('rows' in rowsOut)) throw new Error(`${spec.name}: rows must be a table kind`);

  const flagElements = flags.map(([name, f]): ElementSpec => ({
    el: f.el,
    when: { isTrue: `var.${name}` },
    fields: Object.entries<PathSource>(f.fields).map(([el, from]) => ({ el, from })),
  }));
  const read = {
    type: spec.command,
    as: alias,
    fields: [
      { el: 'userId', from: 'path.user' },
      { el: spec.limit.el, from: 'var.limit', transform: 'oneMore' },
      ...flagElements,
    ],
  } as CommandSpec;

  const op: OperationMapping = {
    method: 'get',
    path: spec.path,
    ...operationText(spec.operation),
    query: z.object({
      ...Object.fromEntries(flags.map(([name]) => [name, queryBoolean().optional()])),
      limit: z.coerce.number().int().min(1).max(spec.limit.max).optional().describe(spec.limit.description),
    }),
    ...(inBody.length
      ? {
          body: z.strictObject(Object.fromEntries(inBody.map(([name]) => [name, z.boolean().optional()]))),
          bodyOptional: true,
          requestExample: Object.fromEntries(inBody.map(([name, f]) => [name, f.inBody?.example])),
        }
      : {}),
    response: z.object({
      [spec.rows.name]: spec.rows.kind.read,
      truncated: z.boolean().describe(spec.limit.truncated),
    }),
    responseExample: spec.operation.example,
    vars: {
      ...Object.fromEntries(
        flags.map(([name, f]) => {
          const from: SourcePath[] = f.inBody ? [`query.${name}`, `body.${name}`] : [`query.${name}`];
          return [name, { from, transform: 'boolean', default: String(f.default) }] as const;
        }),
      ),
      limit: { from: 'query.limit', default: spec.limit.default },
    },
    documents: [[read]],
    output: {
      object: {
        [spec.rows.name]: { ...rowsOut, max: 'var.limit' },
        truncated: { rowsExceed: rowsAt, max: 'var.limit' },
      },
    },
  };
  const resource: ResourceMapping = { name: spec.name, tag: spec.tag, operations: [op] };
  if (spec.service !== undefined) resource.service = spec.service;
  return resource;
}
