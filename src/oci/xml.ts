import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { parseStrictXml } from './xml-strict';
import { ATTR, MAX_REFERENCES, type RawElement, type RawNode } from './xml-types';

export { ATTR, type RawElement, type RawNode } from './xml-types';

/**
 * The one XML dialect of the project (client and simulator alike): a builder that escapes
 * every text and attribute value, and a parser with the safe settings of design.md.
 */

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: true,
});

/** Serializes a fast-xml-parser object tree; text and attributes are escaped here. */
export function buildXml(tree: Record<string, unknown>): string {
  return builder.build(tree);
}

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text or an attribute value exactly as the builder does (all five specials, in text
 * and attributes alike). The one escaping function: every value that enters XML passes here
 * or through buildXml; test/oci/xml-writer.test.ts holds it equal to the builder's.
 */
export function escapeXml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITY[c]) : text;
}

/** Raised when a reply is not XML we are willing to read. */
export class XmlRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRefusedError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: false,
  trimValues: false,
  htmlEntities: true,
  // Every element is a list: repeatable elements (rows, cols, userId lists…) never collapse.
  isArray: (_name: string, _jpath: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute,
  processEntities: { enabled: true, maxTotalExpansions: MAX_REFERENCES, maxEntityCount: 100 },
});

/**
 * Parses XML into raw nodes. Refuses DOCTYPE (entity expansion attacks) and anything
 * that is not well-formed enough to yield a root element.
 */
export function parseXml(xml: string): RawElement {
  // Both declarations start with "<!": one plain scan clears the usual document.
  if (xml.includes('<!') && (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)))
    throw new XmlRefusedError('XML with a DOCTYPE is refused');
  // The plain dialect takes the strict reader (same tree, a fraction of the cost).
  const strict = parseStrictXml(xml);
  if (strict) return strict;
  return parseXmlSafe(xml);
}

/** The safe parser alone (fast-xml-parser), without the strict reader in front. Callers refuse DOCTYPE first. */
export function parseXmlSafe(xml: string): RawElement {
  let tree: RawElement;
  try {
    tree = parser.parse(xml, true) as RawElement;
  } catch (err) {
    throw new XmlRefusedError(`malformed XML: ${(err as Error).message}`);
  }
  return tree;
}

/** The local part of a possibly prefixed name (`c:SuccessResponse` → `SuccessResponse`). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Finds the first child element whose local name matches, whatever its prefix. */
export function childByLocalName(el: RawElement, name: string): RawNode | undefined {
  for (const key of Object.keys(el)) {
    if (key.startsWith(ATTR) || key === '#text' || key === '?xml') continue;
    if (localName(key) === name) {
      const v = el[key];
      return Array.isArray(v) ? v[0] : undefined;
    }
  }
  return undefined;
}

/** Text content of a raw node ('' for an empty element). */
export function rawText(node: RawNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  const t = node['#text'];
  return typeof t === 'string' ? t : '';
}
