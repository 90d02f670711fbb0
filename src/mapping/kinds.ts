import { z } from 'zod';
import { int } from './schema-types';
import type { TransformName } from './transforms';
import type { OutSpec, CommandSpec } from './types';

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
