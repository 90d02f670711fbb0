import type { OciElement, OciErrorSeverity, OciResult, ParsedElement, ParsedValue } from './command';
import { ATTR, escapeXml, localName, parseXml, RawElement, RawNode, XmlRefusedError } from './xml';
import { attr, element, writeChildren } from './xml-writer';

/** The most commands one BroadsoftDocument may carry (OCISchemaBASE.xsd, OCIMessage). */
export const MAX_COMMANDS_PER_DOCUMENT = 15;

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** One command element as it appears in a document, request or response. */
export interface DocumentCommand {
  /** `xsi:type` as written, possibly prefixed (`c:SuccessResponse`). */
  type: string;
  echo?: string;
  /** Extra attributes on `<command>` (e.g. `type="Error"`, `xmlns:c="C"`). */
  attributes?: Record<string, string>;
  body: OciElement;
}

export interface DocumentOptions {
  sessionId: string;
  commands: DocumentCommand[];
  /** Encoding named in the XML declaration; the caller encodes the bytes to match. */
  encoding?: 'UTF-8' | 'ISO-8859-1';
}

/**
 * Serializes a BroadsoftDocument of 1–15 commands. Commands and their children are
 * unqualified (`xmlns=""`); every value is escaped (escapeXml, via xml-writer).
 */
export function buildDocument(opts: DocumentOptions): string {
  const n = opts.commands.length;
  if (n < 1 || n > MAX_COMMANDS_PER_DOCUMENT) throw new RangeError(`a document holds 1–15 commands, not ${n}`);
  let commands = '';
  for (const c of opts.commands) {
    // Later entries replace earlier ones in place, as the builder's object spread did.
    const attrs = new Map<string, string>([
      ['xsi:type', c.type],
      ['xmlns', ''],
    ]);
    if (c.echo !== undefined) attrs.set('echo', c.echo);
    for (const [k, v] of Object.entries(c.attributes ?? {})) attrs.set(k, v);
    if (c.body.$type !== undefined) attrs.set('xsi:type', c.body.$type);
    let attrText = '';
    for (const [k, v] of attrs) attrText += attr(k, v);
    commands += element('command', attrText, writeChildren(c.body));
  }
  const root = element(
    'BroadsoftDocument',
    ` protocol="OCI" xmlns="C" xmlns:xsi="${XSI}"`,
    element('sessionId', ' xmlns=""', escapeXml(opts.sessionId)) + commands,
  );
  return `<?xml version="1.0" encoding="${opts.encoding ?? 'UTF-8'}"?>\n${root}`;
}

/** Raised when a document parses as XML but is not a BroadsoftDocument we understand. */
export class DocumentShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentShapeError';
  }
}

function toParsedValue(node: RawNode): ParsedValue {
  if (typeof node === 'string') return node;
  if (node[`${ATTR}xsi:nil`] === 'true') return null;
  const out: ParsedElement = {};
  let hasChild = false;
  // for…in, not Object.entries: every element of every reply passes here.
  for (const k in node) {
    const v = node[k];
    if (k.startsWith(ATTR) || k === '#text' || !Array.isArray(v)) continue;
    hasChild = true;
    // By local name: a server may prefix the children it writes (`<c:summary>`).
    const name = localName(k);
    const values = v.map(toParsedValue);
    const seen = out[name];
    out[name] = seen ? [...seen, ...values] : values;
  }
  if (!hasChild) {
    const t = node['#text'];
    return typeof t === 'string' ? t : '';
  }
  return out;
}

/** A command read from a document: its `xsi:type` local name, attributes and body. */
export interface ParsedCommand {
  type: string;
  echo?: string;
  attributes: Record<string, string>;
  body: ParsedElement;
}

export interface ParsedDocument {
  sessionId?: string;
  /** Session-less identities (`userId`, `phoneNumber`…) are reported but never used by the gateway. */
  identity?: { kind: string; value: string };
  commands: ParsedCommand[];
}

/** The top level of a BroadsoftDocument, as both readers (replies here, requests in the simulator) see it. */
export interface DocumentRoot {
  sessionId?: string;
  /** The `<command>` elements, in document order. */
  commands: RawNode[];
  /** The other children of the root by local name, in document order (e.g. session-less identities). */
  others: { name: string; node: RawNode }[];
}

/** Parses XML and walks the BroadsoftDocument root. Throws XmlRefusedError or DocumentShapeError. */
export function readDocumentRoot(xml: string): DocumentRoot {
  const tree = parseXml(xml);
  const rootKey = Object.keys(tree).find((k) => localName(k) === 'BroadsoftDocument');
  const root = rootKey ? (tree[rootKey] as RawNode[])[0] : undefined;
  if (!root || typeof root === 'string') throw new DocumentShapeError('not a BroadsoftDocument');
  const doc: DocumentRoot = { commands: [], others: [] };
  for (const [key, value] of Object.entries(root)) {
    if (key.startsWith(ATTR) || !Array.isArray(value)) continue;
    const name = localName(key);
    if (name === 'command') doc.commands.push(...value);
    else if (name === 'sessionId') doc.sessionId = plainText(value[0]);
    else doc.others.push({ name, node: value[0] });
  }
  return doc;
}

const IDENTITIES = ['userId', 'phoneNumber', 'linePort', 'externalUserIdentity'];

/** Parses a BroadsoftDocument (request or reply). Refuses DOCTYPE and foreign shapes. */
export function parseDocument(xml: string): ParsedDocument {
  const root = readDocumentRoot(xml);
  const doc: ParsedDocument = { sessionId: root.sessionId, commands: [] };
  for (const c of root.commands) {
    if (typeof c === 'string') throw new DocumentShapeError('empty command element');
    doc.commands.push(toParsedCommand(c));
  }
  const identity = root.others.filter((o) => IDENTITIES.includes(o.name)).pop();
  if (identity) doc.identity = { kind: identity.name, value: plainText(identity.node) };
  return doc;
}

function plainText(node: RawNode): string {
  if (typeof node === 'string') return node;
  const t = node['#text'];
  return typeof t === 'string' ? t : '';
}

function toParsedCommand(c: RawElement | string): ParsedCommand {
  const el = typeof c === 'string' ? {} : c;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(el)) {
    if (k.startsWith(ATTR) && typeof v === 'string') attributes[k.slice(ATTR.length)] = v;
  }
  const rawType = attributes['xsi:type'];
  if (!rawType) throw new DocumentShapeError('command without xsi:type');
  const body = toParsedValue(el);
  return {
    type: localName(rawType),
    echo: attributes.echo,
    attributes,
    body: body && typeof body === 'object' ? body : {},
  };
}

// "[Error 4008] …", "[Warning 1234] …", "[Info 1234] …": every severity keeps its code.
const SEVERITY_PREFIX = /^\[(Error|Warning|Info) (\d+)\]\s*/;
const SEVERITIES: readonly string[] = ['Error', 'Warning', 'Info'];

/** Turns the commands of a reply into results, in order (data, success or error). */
export function toResults(doc: ParsedDocument): OciResult[] {
  return doc.commands.map((c): OciResult => {
    const echo = c.echo === '' ? undefined : c.echo;
    if (c.type === 'SuccessResponse') return { kind: 'success', echo };
    if (c.type === 'ErrorResponse') {
      const summaryEnglish = textOf(c.body, 'summaryEnglish') ?? textOf(c.body, 'summary') ?? '';
      const summary = textOf(c.body, 'summary') ?? summaryEnglish;
      const prefix = SEVERITY_PREFIX.exec(summaryEnglish) ?? SEVERITY_PREFIX.exec(summary);
      const explicit = textOf(c.body, 'errorCode');
      const codeText = explicit ?? prefix?.[2];
      const code = codeText !== undefined && /^-?\d+$/.test(codeText) ? Number(codeText) : undefined;
      // The required `type` attribute says the severity; the summary prefix when it is missing.
      const severity = (
        SEVERITIES.includes(c.attributes.type) ? c.attributes.type : (prefix?.[1] ?? 'Error')
      ) as OciErrorSeverity;
      return {
        kind: 'error',
        echo,
        severity,
        code,
        summary,
        summaryEnglish,
        detail: textOf(c.body, 'detail') ?? undefined,
      };
    }
    return { kind: 'data', type: c.type, echo, body: c.body };
  });
}

/** Parses a reply document straight into results. */
export function parseReply(xml: string): { sessionId?: string; results: OciResult[] } {
  const doc = parseDocument(xml);
  return { sessionId: doc.sessionId, results: toResults(doc) };
}

/** The text of the first `name` child, `null` when nil, `undefined` when absent. */
export function textOf(el: ParsedElement | undefined, name: string): string | null | undefined {
  const v = el?.[name]?.[0];
  if (v === undefined) return undefined;
  if (v === null) return null;
  return typeof v === 'string' ? v : undefined;
}

/** The first `name` child when it is an element. */
export function elementOf(el: ParsedElement | undefined, name: string): ParsedElement | undefined {
  const v = el?.[name]?.[0];
  return v && typeof v === 'object' ? v : undefined;
}

/** Every `name` child that is text (repeated elements such as `phoneNumber`). */
export function textsOf(el: ParsedElement | undefined, name: string): string[] {
  return (el?.[name] ?? []).filter((v): v is string => typeof v === 'string');
}

/** An OCITable read by column heading, never by position. */
export interface OciTable {
  headings: string[];
  rows: Record<string, string>[];
}

/** Reads an OCITable element (colHeading*, row/col*) into records keyed by heading. */
export function tableOf(el: ParsedElement | undefined, name: string): OciTable {
  const table = elementOf(el, name);
  if (!table) return { headings: [], rows: [] };
  const headings = textsOf(table, 'colHeading');
  const rows = (table.row ?? []).map((r) => {
    const cols = r && typeof r === 'object' ? (r.col ?? []) : [];
    const rec: Record<string, string> = {};
    headings.forEach((h, i) => {
      const c = cols[i];
      rec[h] = typeof c === 'string' ? c : '';
    });
    return rec;
  });
  return { headings, rows };
}

export { XmlRefusedError };
