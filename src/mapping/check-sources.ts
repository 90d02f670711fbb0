import { z } from 'zod';
import type { CommandSpec, Condition, ElementSpec, OperationMapping, OutSpec, Source } from './types';

/**
 * The start-up check of sources: every `body.`, `path.`, `query.` and
 * `var.` source of an operation must name a key its schemas or vars declare, or the mapping is
 * refused before the gateway serves anything. Relative sources (`.x`) are checked against the
 * object their element reads; schemas whose keys cannot be known (unions, records…) are not.
 */

/** What a schema's parsed value looks like, one level down; undefined when it cannot be told. */
function child(schema: z.ZodType | undefined, key: string): z.ZodType | undefined | false {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s && i < 16; i++) {
    if (s instanceof z.ZodObject) {
      const shape = s.shape as Record<string, z.ZodType>;
      if (Object.prototype.hasOwnProperty.call(shape, key)) return shape[key];
      // Unknown keys are refused (strict: a never catchall) or stripped, unless a catchall keeps them.
      const rest = s.def.catchall;
      return rest && !(rest instanceof z.ZodNever) ? undefined : false;
    }
    const def = s.def as { innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType };
    // Wrappers (optional, nullable, default…), pipes (their input object) and list items.
    s = def.innerType ?? def.in ?? def.element;
  }
  return undefined;
}

function sourcesOf(source: Source | undefined): string[] {
  return source === undefined ? [] : typeof source === 'string' ? [source] : [...source];
}

function conditionSources(c: Condition | undefined): string[] {
  if (!c) return [];
  return [c.present, c.absent, c.isTrue, ...(c.differs ?? [])].filter((s) => s !== undefined);
}

/** Throws naming the first source of `op` its schemas do not declare. */
export function checkSources(
  op: OperationMapping,
  schemas: { params: z.ZodObject; query: z.ZodObject; body?: z.ZodType },
): void {
  const vars = new Set(Object.keys(op.vars ?? {}));
  const where = `${op.method.toUpperCase()} ${op.path} (${op.operationId})`;

  /** Resolves a source to the schema it reads (relative ones against `base`); throws on an unknown key. */
  const check = (source: string, base?: z.ZodType): z.ZodType | undefined => {
    const [root, ...keys] = source.split('.');
    let at: z.ZodType | undefined;
    if (root === '') at = base;
    else if (root === 'body') at = schemas.body;
    else if (root === 'path') at = schemas.params;
    else if (root === 'query') at = schemas.query;
    else if (root === 'var') {
      if (!vars.has(keys[0])) throw new Error(`${where}: source "${source}" names no declared var`);
      return undefined;
    } else return undefined;
    for (const key of keys) {
      if (!at) return undefined;
      const next = child(at, key);
      if (next === false) throw new Error(`${where}: source "${source}" names a key the schema does not declare`);
      at = next;
    }
    return at;
  };

  const element = (spec: ElementSpec, base?: z.ZodType): void => {
    for (const s of conditionSources(spec.when)) check(s, base);
    const from = sourcesOf(spec.from).map((s) => check(s, base));
    // Children read the element's own source (the first one), or the same base when it has none.
    const inner = spec.from === undefined ? base : from[0];
    for (const f of spec.fields ?? []) element(f, inner);
  };
  const command = (spec: CommandSpec): void => {
    for (const s of conditionSources(spec.when)) check(s);
    for (const f of spec.fields) element(f);
  };
  const output = (spec: OutSpec): void => {
    if ('input' in spec) sourcesOf(spec.input).forEach((s) => check(s));
    if ('match' in spec) sourcesOf(spec.match).forEach((s) => check(s));
    if ('max' in spec) sourcesOf(spec.max).forEach((s) => check(s));
    if ('object' in spec) Object.values(spec.object).forEach(output);
    if ('fields' in spec) Object.values(spec.fields).forEach(output);
  };

  for (const v of Object.values(op.vars ?? {})) sourcesOf(v.from).forEach((s) => check(s));
  op.documents.forEach((d) => d.forEach(command));
  if (op.verify) command(op.verify);
  if (op.exists) sourcesOf(op.exists.equals).forEach((s) => check(s));
  sourcesOf(op.changesAssistantsOf).forEach((s) => check(s));
  if (op.checks) {
    op.checks.read.forEach(command);
    for (const item of op.checks.items) check(item.each);
  }
  output(op.output);
}
