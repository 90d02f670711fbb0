import type { OciCommand, OciElement, OciValue } from '../oci/command';
import { tableOf } from '../oci/document';
import { compileCondition, compileSource, type Scope } from './scope';
import { getTransform } from './transforms';
import type { CommandSpec, ElementSpec } from './types';

type ElementBuilder = (scope: Scope, base: unknown, out: OciElement) => void;

function compileText(transform: string | undefined): (v: unknown) => string {
  const t = transform ? getTransform(transform).toOci : undefined;
  if (transform && !t) throw new Error(`transform "${transform}" has no REST → OCI direction`);
  return t ?? ((v) => String(v));
}

/** Compiles one element spec; absent sources omit the element, null becomes xsi:nil. */
export function compileElement(spec: ElementSpec): ElementBuilder {
  const when = compileCondition(spec.when);
  const from = spec.from === undefined ? undefined : compileSource(spec.from);
  const text = compileText(spec.transform);
  const children = spec.fields?.map(compileElement);
  const nested = (scope: Scope, value: unknown): OciElement => {
    const el: OciElement = {};
    for (const c of children!) c(scope, value, el);
    return el;
  };
  const one = (scope: Scope, value: unknown): OciValue => (children ? nested(scope, value) : text(value));
  const { el, wrap, repeat, value: constant } = spec;

  return (scope, base, out) => {
    if (when && !when(scope, base)) return;
    if (constant !== undefined) {
      out[el] = constant;
      return;
    }
    // An element with children and no source of its own groups absolute sources.
    const v = from ? from(scope, base) : children ? {} : base;
    if (v === undefined) return;
    if (v === null) {
      out[el] = null;
      return;
    }
    if (wrap) {
      const items = v as unknown[];
      // Replacement lists cannot be empty in the schema: an empty list clears with xsi:nil.
      out[el] = items.length === 0 ? null : { [wrap]: items.map((i) => text(i)) };
    } else if (repeat) {
      const items = v as unknown[];
      if (items.length > 0) out[el] = items.map((i) => one(scope, i));
    } else {
      out[el] = one(scope, v);
    }
  };
}

export type CommandBuilder = (scope: Scope) => OciCommand[];

/** Compiles a command spec into a builder of zero (condition false), one or many (fan-out) commands. */
export function compileCommand(spec: CommandSpec): CommandBuilder {
  const when = compileCondition(spec.when);
  const fields = spec.fields.map(compileElement);
  const build = (scope: Scope): OciCommand => {
    const body: OciElement = {};
    for (const f of fields) f(scope, undefined, body);
    return { type: spec.type, body };
  };
  if (!spec.forEach) return (scope) => (when && !when(scope) ? [] : [build(scope)]);
  const [alias, table] = spec.forEach.rows.split('.');
  return (scope) => {
    if (when && !when(scope)) return [];
    const result = scope.results[alias];
    if (!result || Array.isArray(result)) return [];
    return tableOf(result, table).rows.map((row) => build({ ...scope, row }));
  };
}
