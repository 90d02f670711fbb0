import type { OciValue } from './command';
import { escapeXml } from './xml';

/**
 * String-template serialization with the builder's output, byte for byte (empty elements
 * self-close, attributes and text escaped by escapeXml). Why: building an object tree for
 * fast-xml-parser's builder cost more than the rest of request encoding together.
 * Element and attribute names come from code and mappings, never from user input.
 * test/oci/xml-writer.test.ts holds it equal to the builder.
 */

/** One element: `attrs` are already-escaped ` name="value"` pairs, `content` already XML. */
export function element(name: string, attrs: string, content: string): string {
  return content === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

/** ` name="value"`, the value escaped. */
export function attr(name: string, value: string): string {
  return ` ${name}="${escapeXml(value)}"`;
}

/** An OciValue as XML; an array repeats the element, null is `xsi:nil="true"`. */
export function writeValue(name: string, value: OciValue | OciValue[] | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    let out = '';
    for (const v of value) out += writeValue(name, v);
    return out;
  }
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'string') return element(name, '', escapeXml(value));
  return element(name, value.$type !== undefined ? attr('xsi:type', value.$type) : '', writeChildren(value));
}

/** The children of an element, in key order (`$type` is an attribute, not a child). */
export function writeChildren(value: { [name: string]: OciValue | OciValue[] | undefined }): string {
  let out = '';
  for (const k in value) {
    if (k !== '$type') out += writeValue(k, value[k]);
  }
  return out;
}
