import Ajv2020 from 'ajv/dist/2020';
import { serviceMappings } from '../../mappings';
import { buildOpenApi } from '../../src/http/openapi';

/**
 * What tools built from /openapi.json need: patterns that are plain ECMA-262 regexes (compiled
 * with or without `u` by different tools), and examples that are valid for their schemas.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const doc = buildOpenApi(serviceMappings) as { [k: string]: Json };

/** Every value of `key` in the document, with its JSON pointer. */
function collect(node: Json, key: string, pointer = ''): { pointer: string; value: Json }[] {
  if (node === null || typeof node !== 'object') return [];
  const out: { pointer: string; value: Json }[] = [];
  for (const [k, v] of Object.entries(node)) {
    const p = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (k === key) out.push({ pointer: p, value: v });
    out.push(...collect(v, key, p));
  }
  return out;
}

/** The value at a JSON pointer of the document. */
function at(pointer: string): Json {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, k) => (node as { [k: string]: Json })[k], doc);
}

// Strings every pattern of the document must treat alike with and without `u`: valid ones
// (BMP, astral, spaces inside) and invalid ones (controls, lone surrogates, U+FFFF, bad spaces).
const SAMPLES = [
  'acme-ent',
  'exec1@acme.example.com',
  'VIP callers',
  'Été 😀 🎉',
  '\u{10FFFF}x',
  'a\u2028b',
  'a\u00A0b',
  '',
  ' lead',
  'trail ',
  'dou  ble',
  'tab\there',
  'line\nbreak',
  'bell\u0007',
  'lone\uD800',
  'lone\uDC00x',
  '\uDE00\uD83D',
  'non\uFFFF',
];

describe('OpenAPI patterns and examples, as tools read them', () => {
  const patterns = collect(doc, 'pattern');

  test('every pattern is a bare regex (no delimiters, no flags) that compiles with and without u', () => {
    expect(patterns.length).toBeGreaterThan(0);
    for (const { pointer, value } of patterns) {
      expect(typeof value).toBe('string');
      const p = value as string;
      expect({ pointer, delimited: /^\/|\/[dgimsuyv]*$/.test(p) }).toEqual({ pointer, delimited: false });
      expect(() => new RegExp(p)).not.toThrow();
      expect(() => new RegExp(p, 'u')).not.toThrow();
    }
  });

  test('every pattern means the same with and without u, and accepts the valid samples', () => {
    for (const { pointer, value } of patterns) {
      const plain = new RegExp(value as string);
      const unicode = new RegExp(value as string, 'u');
      for (const s of SAMPLES) expect({ pointer, s, u: unicode.test(s) }).toEqual({ pointer, s, u: plain.test(s) });
      for (const s of ['acme-ent', 'Été 😀 🎉', '\u{10FFFF}x', 'a\u2028b']) expect(plain.test(s)).toBe(true);
      for (const s of ['bell\u0007', 'lone\uD800', 'lone\uDC00x', '\uDE00\uD83D', 'non\uFFFF'])
        expect(plain.test(s)).toBe(false);
    }
  });

  // ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) over the document itself: each example is
  // validated against the schema beside it, by reference, so $refs resolve as a tool would.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: true });
  ajv.addSchema(doc, 'openapi.json');
  const examples = collect(doc, 'example').filter(({ pointer }) => !pointer.includes('/properties/'));

  test('there are examples for every request body and every 200 answer', () => {
    const bodies = collect(doc, 'requestBody').length;
    const oks = collect(doc, '200').length;
    const withExample = (part: string) =>
      examples.filter(({ pointer }) => pointer.includes(part) && pointer.endsWith('/application~1json/example')).length;
    expect(withExample('/requestBody/')).toBe(bodies);
    expect(withExample('/responses/200/')).toBe(oks);
  });

  test('every example validates against its schema (so it matches every pattern inside)', () => {
    expect(examples.length).toBeGreaterThan(20);
    for (const { pointer } of examples) {
      const schemaPointer = pointer.replace(/\/example$/, '/schema');
      const validate = ajv.getSchema(`openapi.json#${schemaPointer}`);
      expect({ pointer, found: validate !== undefined }).toEqual({ pointer, found: true });
      const value = at(pointer);
      const ok = validate!(value);
      expect({ pointer, errors: ok ? [] : validate!.errors }).toEqual({ pointer, errors: [] });
    }
  });

  test('the check can fail: a pattern-breaking example is refused', () => {
    const pointer = '/paths/~1api~1v1~1login~1/post/requestBody/content/application~1json/schema';
    const validate = ajv.getSchema(`openapi.json#${pointer}`)!;
    expect(validate({ userId: ' padded', password: 'x' })).toBe(false);
    expect(validate({ userId: 'exec1@acme.example.com', password: 'x' })).toBe(true);
  });
});
