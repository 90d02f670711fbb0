import { OciError } from './errors';
import { ATTR, childByLocalName, escapeXml, parseXml, RawElement, RawNode } from './xml';
import { decodeXmlReferences } from './xml-entities';

const SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAPENC = 'http://schemas.xmlsoap.org/soap/encoding/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD = 'http://www.w3.org/2001/XMLSchema';

/**
 * Wraps a BroadsoftDocument as the escaped text of processOCIMessage/arg0 (reference §1a).
 * The builder escapes the inner document, so values end up escaped twice, as they must.
 */
export function buildEnvelope(innerXml: string): string {
  return ENVELOPE_HEAD + escapeXml(innerXml) + ENVELOPE_TAIL;
}

// The fixed parts of the request envelope, written once; only arg0's text varies.
const ENVELOPE_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  `<soapenv:Envelope xmlns:soapenv="${SOAPENV}" xmlns:xsd="${XSD}" xmlns:xsi="${XSI}" xmlns:soapenc="${SOAPENC}">` +
  `<soapenv:Body><processOCIMessage soapenv:encodingStyle="${SOAPENC}"><arg0 xsi:type="soapenc:string">`;
const ENVELOPE_TAIL = '</arg0></processOCIMessage></soapenv:Body></soapenv:Envelope>';

// The usual reply: one processOCIMessageReturn (any prefix) holding escaped text only.
// Anything else (CDATA, comments, faults, odd markup) takes the full parser.
const RETURN_RE =
  /<(?:([A-Za-z_][\w.-]*):)?processOCIMessageReturn(?:\s[^<>]*)?>([^<]*)<\/(?:([A-Za-z_][\w.-]*):)?processOCIMessageReturn\s*>/;

/**
 * Extracts the inner OCI document from a SOAP reply. A strict regex handles the common
 * shape without a second full parse; anything unusual goes through the safe parser.
 * Faults become OciError('soap-fault'), classified by outcome.ts.
 */
export function unwrapEnvelope(envelope: string): string {
  if (!envelope.includes('<!')) {
    const m = RETURN_RE.exec(envelope);
    if (
      m &&
      (m[1] ?? '') === (m[3] ?? '') &&
      /Envelope[\s>]/.test(envelope.slice(0, m.index)) &&
      !/Fault[\s>]/.test(envelope)
    ) {
      // The whole inner document is this one text: decoded in one pass, or the full parser decides.
      const text = decodeXmlReferences(m[2]);
      if (text !== undefined) return text;
    }
  }
  return unwrapSlow(envelope);
}

function unwrapSlow(envelope: string): string {
  let tree: RawElement;
  try {
    tree = parseXml(envelope);
  } catch (err) {
    throw new OciError('bad-reply', `unreadable SOAP reply: ${(err as Error).message}`, { sent: true, cause: err });
  }
  const env = childByLocalName(tree, 'Envelope');
  const body = env && typeof env !== 'string' ? childByLocalName(env, 'Body') : undefined;
  if (!body || typeof body === 'string')
    throw new OciError('bad-reply', 'reply is not a SOAP envelope', { sent: true });
  const fault = childByLocalName(body, 'Fault');
  if (fault !== undefined) throw faultError(fault);
  const resp = childByLocalName(body, 'processOCIMessageResponse');
  const ret = resp && typeof resp !== 'string' ? childByLocalName(resp, 'processOCIMessageReturn') : undefined;
  if (ret === undefined) throw new OciError('bad-reply', 'SOAP reply without processOCIMessageReturn', { sent: true });
  const text = allText(ret);
  if (text.trim() === '') throw new OciError('bad-reply', 'empty processOCIMessageReturn', { sent: true });
  return text;
}

function allText(node: RawNode): string {
  if (typeof node === 'string') return node;
  let out = typeof node['#text'] === 'string' ? node['#text'] : '';
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith(ATTR) || k === '#text' || !Array.isArray(v)) continue;
    for (const child of v) out += allText(child);
  }
  return out;
}

/**
 * A SOAP fault as read off the wire. What it means (session gone, link lost, server
 * exception) is decided by classifyReply in outcome.ts, with the rest of the reply rules.
 */
function faultError(fault: RawNode): OciError {
  const f = typeof fault === 'string' ? {} : fault;
  const get = (name: string) => {
    const n = childByLocalName(f, name);
    return n === undefined ? '' : allText(n).trim();
  };
  const faultstring = get('faultstring');
  const detail = get('detail');
  const message = `SOAP fault ${get('faultcode')}: ${faultstring}${detail ? ` (${detail})` : ''}`;
  return new OciError('soap-fault', message, {
    sent: true,
    answered: true,
    backend: { summary: faultstring, detail: detail || undefined },
  });
}
