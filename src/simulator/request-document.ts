import { readDocumentRoot, type DocumentRoot } from '../oci/document';
import { ATTR, localName, type RawNode } from '../oci/xml';
import { collapseXmlWhitespace } from './xsd-whitespace';

/**
 * A request element as the simulator reads it: children in document order (grouped by
 * name, as the shared parser yields them), with xsi:nil and xsi:type kept for validation.
 */
export interface XNode {
  name: string;
  text: string;
  nil: boolean;
  xsiType?: string;
  children: XNode[];
}

export interface RequestCommand {
  type: string;
  echo: string;
  node: XNode;
}

export interface RequestDocument {
  sessionId?: string;
  commands: RequestCommand[];
}

/** Raised when the inner text is not a BroadsoftDocument. */
export class RequestDocumentError extends Error {}

function toNode(name: string, raw: RawNode): XNode {
  if (typeof raw === 'string') return { name, text: raw, nil: false, children: [] };
  const children: XNode[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith(ATTR) || k === '#text' || !Array.isArray(v)) continue;
    const childName = localName(k);
    for (const c of v) children.push(toNode(childName, c));
  }
  const t = raw['#text'];
  const xsiType = raw[`${ATTR}xsi:type`];
  return {
    name,
    text: typeof t === 'string' ? t : '',
    nil: raw[`${ATTR}xsi:nil`] === 'true' || raw[`${ATTR}xsi:nil`] === '1',
    xsiType: typeof xsiType === 'string' ? localName(xsiType) : undefined,
    children,
  };
}

/** Parses a request BroadsoftDocument (DOCTYPE refused by the shared parser). */
export function parseRequestDocument(xml: string): RequestDocument {
  let root: DocumentRoot;
  try {
    root = readDocumentRoot(xml);
  } catch (err) {
    throw new RequestDocumentError((err as Error).message);
  }
  const doc: RequestDocument = { sessionId: root.sessionId, commands: [] };
  for (const c of root.commands) {
    const node = toNode('command', c);
    const echo = typeof c === 'object' && typeof c[`${ATTR}echo`] === 'string' ? (c[`${ATTR}echo`] as string) : '';
    doc.commands.push({ type: node.xsiType ?? '', echo, node });
  }
  return doc;
}

/** The first child with that name. */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** Every child with that name. */
export function children(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Text of a child; `undefined` when absent, `null` when nil. Tokens are whitespace-collapsed. */
export function textOf(node: XNode | undefined, name: string): string | null | undefined {
  const c = child(node, name);
  if (!c) return undefined;
  if (c.nil) return null;
  return collapseXmlWhitespace(c.text);
}

/** A required child's text ('' when absent; validation has already caught that). */
export function req(node: XNode, name: string): string {
  return textOf(node, name) ?? '';
}

/** xs:boolean as a JS boolean, `undefined` when absent. */
export function boolOf(node: XNode | undefined, name: string): boolean | undefined {
  const t = textOf(node, name);
  if (t === undefined || t === null) return undefined;
  return t === 'true' || t === '1';
}
