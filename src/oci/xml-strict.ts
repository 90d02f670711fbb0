import { memoByName } from './memo-by-name';
import { decodeXmlReferences, type ReferenceBudget } from './xml-entities';
import { ATTR, MAX_REFERENCES, type RawElement, type RawNode } from './xml-types';

/**
 * A tight reader for the plain XML that OCI-P traffic uses (elements, attributes, text, the
 * five XML entities, numeric references, an XML declaration). It yields exactly the tree that
 * the safe parser of xml.ts would, and `undefined` for anything outside that dialect
 * (comments, CDATA, DOCTYPE, processing instructions, other entities, CR, odd names,
 * malformed markup…), which then takes the safe parser. Why: that parser is the single
 * largest cost of a gateway request. test/oci/xml-strict.test.ts proves the equivalence.
 */

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

interface Frame {
  name: string;
  attrs: [string, string][] | undefined;
  children: Record<string, RawNode[]> | undefined;
  text: string;
}

class Reader {
  readonly budget: ReferenceBudget = { left: MAX_REFERENCES };
  constructor(readonly s: string) {}

  /** Decodes entity and character references; undefined for anything the safe parser treats differently. */
  decode(raw: string): string | undefined {
    return decodeXmlReferences(raw, this.budget);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09;
}

// The regex runs once per name, not per tag. Names that collide with Object.prototype are left
// to the safe parser (it refuses some).
const goodName = memoByName((name) => NAME.test(name) && !(name in Object.prototype));

/**
 * Reads a start tag's name and attributes from `i` (just after `<`). Returns the index after
 * `>` and whether the tag closed itself, or undefined when the tag is outside the dialect.
 */
function readTag(
  r: Reader,
  i: number,
  end: string,
): { name: string; attrs: [string, string][] | undefined; next: number; empty: boolean } | undefined {
  const s = r.s;
  let j = i;
  while (j < s.length && !isSpace(s.charCodeAt(j)) && s[j] !== '>' && s[j] !== '/' && s[j] !== '?') j++;
  const name = s.slice(i, j);
  if (!goodName(name)) return undefined;
  let attrs: [string, string][] | undefined;
  for (;;) {
    const before = j;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    if (s.startsWith(end, j)) return { name, attrs, next: j + end.length, empty: end !== '>' };
    if (end === '>' && s.startsWith('/>', j)) return { name, attrs, next: j + 2, empty: true };
    if (j === before || j >= s.length) return undefined; // attributes need a space before them
    const eq = s.indexOf('=', j);
    if (eq < 0) return undefined;
    const attrName = s.slice(j, eq);
    if (!goodName(attrName)) return undefined;
    const q = s[eq + 1];
    if (q !== '"' && q !== "'") return undefined;
    const close = s.indexOf(q, eq + 2);
    if (close < 0) return undefined;
    const raw = s.slice(eq + 2, close);
    if (raw.includes('<')) return undefined;
    const value = r.decode(raw);
    if (value === undefined) return undefined;
    attrs ??= [];
    const key = ATTR + attrName;
    if (attrs.some((a) => a[0] === key)) return undefined;
    attrs.push([key, value]);
    j = close + 1;
  }
}

function finish(f: Frame): RawNode {
  if (!f.children && !f.attrs) return f.text;
  const el: RawElement = f.children ?? {};
  if (f.text !== '') el['#text'] = f.text;
  if (f.attrs) for (const [k, v] of f.attrs) el[k] = v;
  return el;
}

function addChild(parent: Frame, name: string, node: RawNode): void {
  parent.children ??= {};
  const list = parent.children[name];
  if (list) list.push(node);
  else parent.children[name] = [node];
}

/** Parses `xml` when it stays inside the plain OCI dialect; otherwise undefined. */
export function parseStrictXml(xml: string): RawElement | undefined {
  if (xml.includes('\r') || xml.includes('<!')) return undefined;
  const r = new Reader(xml);
  const top: RawElement = {};
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const decl = readTag(r, 2, '?>');
    if (!decl || decl.name !== 'xml' || !decl.attrs) return undefined;
    top['?xml'] = [Object.fromEntries(decl.attrs)];
    i = decl.next;
  }
  if (xml.indexOf('<?', i) >= 0) return undefined;
  while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
  if (xml[i] !== '<') return undefined;
  const root: Frame = { name: '', attrs: undefined, children: undefined, text: '' };
  const stack: Frame[] = [root];
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const frame = stack[stack.length - 1];
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      if (stack.length === 1) {
        if (raw.trim() !== '') return undefined; // text outside the root
      } else {
        const text = r.decode(raw);
        if (text === undefined) return undefined;
        frame.text += text;
      }
    }
    if (lt < 0) break;
    if (xml[lt + 1] === '/') {
      const gt = xml.indexOf('>', lt);
      if (gt < 0 || stack.length === 1) return undefined;
      if (xml.slice(lt + 2, gt).trimEnd() !== frame.name) return undefined;
      stack.pop();
      addChild(stack[stack.length - 1], frame.name, finish(frame));
      i = gt + 1;
      continue;
    }
    if (stack.length === 1 && root.children) return undefined; // a second root
    const tag = readTag(r, lt + 1, '>');
    if (!tag) return undefined;
    if (tag.empty)
      addChild(frame, tag.name, finish({ name: tag.name, attrs: tag.attrs, children: undefined, text: '' }));
    else stack.push({ name: tag.name, attrs: tag.attrs, children: undefined, text: '' });
    i = tag.next;
  }
  if (stack.length !== 1 || !root.children) return undefined;
  return Object.assign(top, root.children);
}
