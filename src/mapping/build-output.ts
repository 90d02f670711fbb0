import type { ParsedElement } from '../oci/command';
import { elementOf, tableOf, textOf, textsOf } from '../oci/document';
import { compileSource, type Scope } from './scope';
import { getTransform, OMIT, type TransformContext } from './transforms';
import type { OutSpec } from './types';

/** Builds (part of) the REST answer; `row` is the current table row, if any. */
export type OutputBuilder = (scope: Scope, row?: Readonly<Record<string, string>>) => unknown;

type Navigator = (scope: Scope) => { parent: ParsedElement | undefined; name: string };

// `alias.a.b`: the result `alias`, then child elements `a`, then `b` (the last one is read).
function compileResultPath(path: string): Navigator {
  const [alias, ...names] = path.split('.');
  if (names.length === 0) throw new Error(`result path "${path}" needs alias.element`);
  const last = names.pop()!;
  return (scope) => {
    const r = scope.results[alias];
    let el = Array.isArray(r) ? undefined : r;
    for (const n of names) el = elementOf(el, n);
    return { parent: el, name: last };
  };
}

function fromOci(transform: string | undefined): (v: string | undefined, ctx: TransformContext) => unknown {
  if (!transform) return (v) => (v === undefined ? null : v);
  const f = getTransform(transform).fromOci;
  if (!f) throw new Error(`transform "${transform}" has no OCI → REST direction`);
  return f;
}

/** A validated input value as element text (inputs are JSON scalars; structures as JSON). */
function inputText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

/** Compiles an output spec once; the builder only walks parsed results. */
export function compileOutput(spec: OutSpec): OutputBuilder {
  if ('text' in spec) {
    const nav = compileResultPath(spec.text);
    const t = fromOci(spec.transform);
    return (scope) => {
      const { parent, name } = nav(scope);
      const v = textOf(parent, name);
      return t(v ?? undefined, scope);
    };
  }
  if ('texts' in spec) {
    const nav = compileResultPath(spec.texts);
    return (scope) => {
      const { parent, name } = nav(scope);
      return textsOf(parent, name);
    };
  }
  if ('input' in spec) {
    const a = compileSource(spec.input);
    const t = spec.transform ? fromOci(spec.transform) : undefined;
    return (scope) => {
      const v = a(scope);
      return t ? t(v === undefined || v === null ? undefined : inputText(v), scope) : (v ?? null);
    };
  }
  if ('constant' in spec) {
    const c = spec.constant;
    return () => c;
  }
  if ('object' in spec) {
    const entries = Object.entries(spec.object).map(([k, s]) => [k, compileOutput(s)] as const);
    const guard = spec.ifPresent ? compileResultPath(spec.ifPresent) : undefined;
    return (scope, row) => {
      if (guard) {
        const { parent, name } = guard(scope);
        if (parent?.[name] === undefined) return null;
      }
      const out: Record<string, unknown> = {};
      for (const [k, b] of entries) {
        const v = b(scope, row);
        if (v !== OMIT) out[k] = v;
      }
      return out;
    };
  }
  if ('rowsExceed' in spec) {
    const [alias, table] = spec.rowsExceed.split('.');
    const max = compileSource(spec.max);
    return (scope) => {
      const r = scope.results[alias];
      return tableOf(Array.isArray(r) ? undefined : r, table).rows.length > Number(max(scope));
    };
  }
  if ('rows' in spec) {
    const [alias, table] = spec.rows.split('.');
    const item = compileOutput({ object: spec.fields });
    const fanOut = spec.fanOut;
    const max = spec.max === undefined ? undefined : compileSource(spec.max);
    return (scope) => {
      const r = scope.results[alias];
      const all = tableOf(Array.isArray(r) ? undefined : r, table).rows;
      const rows = max ? all.slice(0, Number(max(scope))) : all;
      const perRow = fanOut ? scope.results[fanOut] : undefined;
      return rows.map((row, i) => {
        // Inside a row, the fan-out alias names that row's own result.
        const s = Array.isArray(perRow) ? { ...scope, results: { ...scope.results, [fanOut!]: perRow[i] } } : scope;
        return item(s, row);
      });
    };
  }
  if ('lookup' in spec) {
    const [alias, table] = spec.lookup.split('.');
    const match = compileSource(spec.match);
    const t = fromOci(spec.transform);
    const { column, cell } = spec;
    return (scope) => {
      const r = scope.results[alias];
      const wanted = match(scope);
      const row = tableOf(Array.isArray(r) ? undefined : r, table).rows.find((x) => x[column] === wanted);
      return t(row?.[cell], scope);
    };
  }
  const t = fromOci(spec.transform ?? 'emptyString');
  const column = spec.cell;
  return (scope, row) => t(row?.[column], scope);
}
