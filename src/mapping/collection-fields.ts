import { z } from 'zod';
import type { OciChildOf, OciCommandName, OciElementOf } from './generated/oci-commands';
import type { Kind } from './kinds';
import { byOrder, childrenOf, type Readable, type ResponseOf } from './schema-commands';
import type { ResultOut } from './tables';
import type { ElementSpec, OutSpec } from './types';

/**
 * The fields of a keyed collection's items (./define-collection): their declaration types (a
 * field, a nested group's members, POST defaults), and what derives from each field once — its
 * POST, PUT and answer schemas, the element it sends and how it is answered.
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
export type DefaultsMatch<F> = {
  [K in keyof F]: F[K] extends { members: infer MM }
    ? { members: { [N in keyof MM]: DefaultMatches<MM[N]> } }
    : DefaultMatches<F[K]>;
};

export type AnyMember = Member<string, string, string>;
export interface AnyField {
  el: string;
  nillable?: boolean;
  kind?: Kind;
  default?: unknown;
  members?: Readonly<Record<string, AnyMember>>;
  patch?: boolean;
  defaultFromMembers?: boolean;
}

export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(what);
  return value;
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

export function createSchema(f: AnyField, at: string): z.ZodType {
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

export function updateSchema(f: AnyField, at: string): z.ZodType {
  const write = f.members ? groupWrite(f, 'update', at) : need(f.kind?.write, `${at}: its kind cannot be written`);
  return f.nillable ? write.nullable().optional() : write.optional();
}

export function readSchema(f: AnyField, at: string): z.ZodType {
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
export function fieldElement(name: string, f: AnyField, command: string, mode: 'create' | 'update'): ElementSpec {
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
export function fieldOutput(f: AnyField, at: string): OutSpec {
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
