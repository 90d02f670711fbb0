import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { fixturePath } from './paths';

/** One XSD node as read with preserveOrder: its tag, attributes and ordered children. */
export interface XsdNode {
  tag: string;
  attrs: Record<string, string>;
  children: XsdNode[];
}

/** The raw definitions of fixtures/schema, by local name (namespace C and no-namespace alike). */
export interface XsdDefinitions {
  complexTypes: Map<string, XsdNode>;
  simpleTypes: Map<string, XsdNode>;
  /** Names defined in the Deprecated schema files (OCISchemaDeprecated*.xsd). */
  deprecated: Set<string>;
}

// Only the schema files (trusted, local) are read with this parser; documents use src/oci/xml.ts.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
});

type Ordered = Record<string, unknown>[];

function toNodes(items: Ordered): XsdNode[] {
  const out: XsdNode[] = [];
  for (const item of items) {
    const tag = Object.keys(item).find((k) => k !== ':@');
    if (!tag || tag === '#text' || tag === '?xml') continue;
    // Annotations are documentation only: skipping them keeps the model small.
    if (tag === 'xs:annotation') continue;
    out.push({ tag, attrs: (item[':@'] as Record<string, string>) ?? {}, children: toNodes(item[tag] as Ordered) });
  }
  return out;
}

function xsdFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return xsdFiles(p);
    return e.name.endsWith('.xsd') ? [p] : [];
  });
}

/** Strips a namespace prefix (`core:OCITable` → `OCITable`). */
export function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

let cached: XsdDefinitions | undefined;

/** Reads every .xsd of fixtures/schema once per process. */
export function loadXsdDefinitions(dir = fixturePath('schema')): XsdDefinitions {
  if (cached) return cached;
  const defs: XsdDefinitions = { complexTypes: new Map(), simpleTypes: new Map(), deprecated: new Set() };
  for (const file of xsdFiles(dir)) {
    const roots = toNodes(parser.parse(readFileSync(file, 'utf8')) as Ordered);
    const schema = roots.find((n) => n.tag === 'xs:schema');
    const deprecated = /Deprecated/.test(file);
    for (const def of schema?.children ?? []) {
      const name = def.attrs.name;
      if (!name) continue;
      if (deprecated) defs.deprecated.add(name);
      if (def.tag === 'xs:complexType' && !defs.complexTypes.has(name)) defs.complexTypes.set(name, def);
      else if (def.tag === 'xs:simpleType' && !defs.simpleTypes.has(name)) defs.simpleTypes.set(name, def);
    }
  }
  cached = defs;
  return defs;
}
