import type { z } from 'zod';
import type { TransformName } from './transforms';
import type { OperationMapping } from './types';

/**
 * Sources typed by the operation's own schemas: inside `operation({...})` a `body.x`, `path.x`,
 * `query.x` or `var.x` that the body, params, query or vars do not declare is a compile error
 * (the misspelt `body.enabeld` that used to drop its element silently). compile.ts makes the
 * same check at start-up for mappings built where no type checker looked.
 */

type Depth = [never, 0, 1, 2, 3, 4];

/** `a`, `a.b`, … for every key of an object type (not into arrays), up to a few levels deep. */
export type KeyPaths<T, D extends number = 5> = [D] extends [never]
  ? never
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? { [K in DeclaredKeys<T>]-?: K | `${K}.${KeyPaths<NonNullable<T[K]>, Depth[D]>}` }[DeclaredKeys<T>]
      : never;

/** The keys an object type declares (none for a bare record such as an empty schema's output). */
type DeclaredKeys<T> = string extends keyof T ? never : keyof T & string;

/** The sources an operation with this body, these path params, query and vars may read. */
export type ScopeSources<B, P, Q, V extends string> =
  | `body.${KeyPaths<B>}`
  | `path.${'tenant' | 'group' | 'user' | DeclaredKeys<P>}`
  | `query.${KeyPaths<Q>}`
  | `var.${V}`
  // Rows of a fan-out and relative sources depend on run-time tables and the enclosing element.
  | `row.${string}`
  | `.${string}`;

type NoShape = z.ZodObject<Record<never, never>>;
type VarSpec<S extends string> = { from: S | readonly S[]; transform?: TransformName; default?: unknown };

/** An engine-vocabulary operation whose sources the compiler checks against its own schemas. */
export type TypedOperation<
  B extends z.ZodType,
  P extends z.ZodObject,
  Q extends z.ZodObject,
  V extends string,
  // NoInfer: V comes from the keys of `vars` only, never from a `var.x` written elsewhere.
  S extends string = NoInfer<ScopeSources<z.output<B>, z.output<P>, z.output<Q>, V>>,
> = Omit<OperationMapping<S>, 'body' | 'params' | 'query' | 'vars'> & {
  body?: B;
  params?: P;
  query?: Q;
  vars?: Readonly<Record<V, VarSpec<S>>>;
};

/** Writes an operation in the engine vocabulary with typed sources (see TypedOperation). */
export function operation<
  B extends z.ZodType = z.ZodUndefined,
  P extends z.ZodObject = NoShape,
  Q extends z.ZodObject = NoShape,
  V extends string = never,
>(op: TypedOperation<B, P, Q, V>): OperationMapping {
  return op;
}
