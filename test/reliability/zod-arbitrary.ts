import fc from 'fast-check';
import type { z } from 'zod';

/**
 * fast-check arbitraries built by walking zod 4 schemas (object, string, number, boolean,
 * enum, literal, array, nullable, optional, default): `validOf` respects lengths, ranges,
 * enums and regexes; `invalidOf` breaks exactly one of them somewhere in the value.
 */

type Any = z.core.$ZodType;
interface Def {
  type: string;
  checks?: {
    _zod: {
      def: { check: string; minimum?: number; maximum?: number; value?: number; format?: string; pattern?: RegExp };
    };
  }[];
  shape?: Record<string, Any>;
  innerType?: Any;
  element?: Any;
  entries?: Record<string, string>;
  values?: unknown[];
  catchall?: Any;
}

const defOf = (s: Any) => (s as unknown as { _zod: { def: Def } })._zod.def;
const check = (s: Any, name: string) =>
  defOf(s)
    .checks?.map((c) => c._zod.def)
    .find((c) => c.check === name);
const isOptional = (s: Any) => ['optional', 'default'].includes(defOf(s).type);
const accepts = (s: Any, v: unknown) => (s as unknown as z.ZodType).safeParse(v).success;

// Pieces that stress escaping and encoding: XML metacharacters, astral and combining characters, path tricks.
const PIECES = [
  '<',
  '>',
  '&',
  '"',
  "'",
  ']]>',
  '&amp;',
  '<!DOCTYPE x>',
  'é',
  '€',
  '😀',
  '𝄞',
  'e\u0301',
  '中文',
  '../',
  '%2F',
  '/',
  '\\',
  ' ',
  'a',
  'Z',
  '0',
  '+32',
];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
);

/** A string meeting the schema's length and regex checks (XML-safe token rules included). */
function validString(s: Any): fc.Arbitrary<string> {
  const min = check(s, 'min_length')?.minimum ?? 0;
  const max = check(s, 'max_length')?.maximum ?? 200;
  return fc
    .array(piece, { maxLength: 12 })
    .map((parts) => {
      // Repair towards the token rules: single inner spaces, no edges, no line breaks.
      let v = parts
        .join('')
        .replace(/[\t\n\r]/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim();
      while (v.length > max) v = [...v].slice(0, -1).join('').trim();
      while (v.length < min) v += 'x';
      return v;
    })
    .filter((v) => accepts(s, v));
}

/** Values that satisfy the schema. */
export function validOf(s: Any): fc.Arbitrary<unknown> {
  const d = defOf(s);
  switch (d.type) {
    case 'object': {
      const shape = d.shape ?? {};
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(shape)) rec[k] = validOf(v);
      const requiredKeys = Object.keys(shape).filter((k) => !isOptional(shape[k]));
      const record = fc.record(rec, { requiredKeys });
      // An object-level refinement (e.g. screening's `enable` must agree with `enabled`) is kept by filtering.
      return d.checks?.length ? record.filter((v) => accepts(s, v)) : record;
    }
    case 'optional':
    case 'default':
      return validOf(d.innerType!);
    case 'nullable':
      return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: validOf(d.innerType!) });
    case 'string':
      return validString(s);
    case 'number': {
      const min = check(s, 'greater_than')?.value ?? -1e6;
      const max = check(s, 'less_than')?.value ?? 1e6;
      return fc.integer({ min, max });
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries!));
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'array': {
      const max = check(s, 'max_length')?.maximum ?? 4;
      return fc.array(validOf(d.element!), {
        minLength: check(s, 'min_length')?.minimum ?? 0,
        maxLength: Math.min(max, 6),
      });
    }
    default:
      throw new Error(`zod-arbitrary: no generator for ${d.type}`);
  }
}

/** Values that break one rule of this node (wrong type included). */
function brokenLeaf(s: Any): fc.Arbitrary<unknown> {
  const d = defOf(s);
  const wrongType = fc.constantFrom<unknown>(42, 'text', true, [], {}, null, -0.5);
  switch (d.type) {
    case 'string': {
      const max = check(s, 'max_length')?.maximum ?? 200;
      const min = check(s, 'min_length')?.minimum ?? 0;
      const breakers: unknown[] = [
        'x'.repeat(max + 1),
        'bad\u0007bell',
        'lone\ud800',
        ' edge',
        'edge ',
        'two  spaces',
        'tab\there',
        'line\nbreak',
        '\uFFFE',
        5,
        true,
        [],
      ];
      if (min > 0) breakers.push('');
      return fc.constantFrom(...breakers).filter((v) => !accepts(s, v));
    }
    case 'number': {
      const min = check(s, 'greater_than')?.value ?? 0;
      const max = check(s, 'less_than')?.value ?? 0;
      return fc.constantFrom<unknown>(min - 1, max + 1, 1.5, '5', null, 1e308).filter((v) => !accepts(s, v));
    }
    case 'enum':
    case 'literal':
      return fc.constantFrom<unknown>('Bogus', 'silent', '', 0, null).filter((v) => !accepts(s, v));
    case 'array': {
      const max = check(s, 'max_length')?.maximum;
      const tooMany =
        max !== undefined
          ? validOf(d.element!).chain((x) => fc.constant(Array.from({ length: max + 1 }, () => x)))
          : wrongType;
      return fc.oneof(tooMany, wrongType).filter((v) => !accepts(s, v));
    }
    default:
      return wrongType.filter((v) => !accepts(s, v));
  }
}

/** A value with exactly one thing wrong somewhere inside (or an unknown key). */
export function invalidOf(s: Any): fc.Arbitrary<unknown> {
  const d = defOf(s);
  if (d.type === 'optional' || d.type === 'default') return invalidOf(d.innerType!);
  if (d.type === 'nullable') return invalidOf(d.innerType!).filter((v) => v !== null);
  if (d.type === 'object') {
    const keys = Object.keys(d.shape ?? {});
    const extra = validOf(s).map((o) => ({ ...(o as object), unexpected: 'field' }));
    if (keys.length === 0) return fc.oneof(extra, brokenLeaf(s));
    const oneBad = fc
      .tuple(validOf(s), fc.constantFrom(...keys))
      .chain(([o, k]) => invalidOf(d.shape![k]).map((bad) => ({ ...(o as object), [k]: bad })));
    return fc.oneof(
      { weight: 4, arbitrary: oneBad },
      { weight: 1, arbitrary: extra },
      { weight: 1, arbitrary: brokenLeaf(s) },
    );
  }
  if (d.type === 'array') {
    const badItem =
      d.element && defOf(d.element).type !== 'never'
        ? fc.array(invalidOf(d.element), { minLength: 1, maxLength: 2 })
        : brokenLeaf(s);
    return fc.oneof(badItem, brokenLeaf(s)).filter((v) => !accepts(s, v));
  }
  return brokenLeaf(s);
}
