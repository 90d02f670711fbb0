import { z } from 'zod';
import { OCI_ELEMENTS, type OciChildOf, type OciCommandName, type OciElementOf } from './generated/oci-commands';
import type { ReadKind } from './kinds';
import { childrenOf, responseOf, type Readable, type ResponseOf } from './schema-commands';
import type { TransformName } from './transforms';
import type { CommandSpec, OutSpec } from './types';

/**
 * OCITables in mappings: a table's headings listed once (the XSD does not name columns), its
 * rows read with typed cells, an optional fan-out (one command per row) and read-first row checks.
 */

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
