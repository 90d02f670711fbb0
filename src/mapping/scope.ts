import type { ParsedElement } from '../oci/command';
import type { Condition, Source } from './types';

/** Everything a mapping can read while building commands and answers. */
export interface Scope {
  path: Readonly<Record<string, string>>;
  query: Readonly<Record<string, unknown>>;
  body: unknown;
  var: Record<string, unknown>;
  /** The current table row during a fan-out, by column heading. */
  row?: Readonly<Record<string, string>>;
  /** Results read so far, by alias; a fan-out alias holds one result per row. */
  results: Record<string, ParsedElement | (ParsedElement | undefined)[] | undefined>;
}

/** A compiled source: reads the scope, or `base` for relative (`.x`) sources. */
export type Accessor = (scope: Scope, base?: unknown) => unknown;

const ROOTS = new Set(['path', 'query', 'body', 'var', 'row']);

function step(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function compileOne(source: string): Accessor {
  if (source.startsWith('.')) {
    const keys = source.slice(1).split('.').filter(Boolean);
    return (_s, base) => keys.reduce<unknown>(step, base);
  }
  const [root, ...keys] = source.split('.');
  if (!ROOTS.has(root)) throw new Error(`source "${source}" must start with path., query., body., var., row. or .`);
  return (scope) => keys.reduce<unknown>(step, scope[root as 'path']);
}

/** Compiles a source (or a first-defined list of sources) into an accessor. */
export function compileSource(source: Source): Accessor {
  const list = typeof source === 'string' ? [source] : [...source];
  const accessors = list.map(compileOne);
  if (accessors.length === 1) return accessors[0];
  return (scope, base) => {
    for (const a of accessors) {
      const v = a(scope, base);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

/** Compiles a condition; every given key must hold. */
export function compileCondition(cond: Condition | undefined): ((scope: Scope, base?: unknown) => boolean) | undefined {
  if (!cond) return undefined;
  const checks: ((scope: Scope, base?: unknown) => boolean)[] = [];
  if (cond.present) {
    const a = compileSource(cond.present);
    checks.push((s, b) => a(s, b) !== undefined);
  }
  if (cond.absent) {
    const a = compileSource(cond.absent);
    checks.push((s, b) => a(s, b) === undefined);
  }
  if (cond.isTrue) {
    const a = compileSource(cond.isTrue);
    checks.push((s, b) => {
      const v = a(s, b);
      return v === true || v === 'true' || v === '1';
    });
  }
  if (cond.differs) {
    const [x, y] = cond.differs.map(compileSource);
    checks.push((s, b) => {
      const vx = x(s, b);
      const vy = y(s, b);
      return vx !== undefined && vy !== undefined && vx !== vy;
    });
  }
  return (s, b) => checks.every((c) => c(s, b));
}
