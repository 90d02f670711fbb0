import {
  ATTR,
  buildXml,
  childByLocalName,
  escapeXml,
  localName,
  parseXml,
  rawText,
  RawElement,
  RawNode,
} from '../oci/xml';
import { decodeXmlReferences } from '../oci/xml-entities';
import { NOT_LOGGED_IN_DETAIL } from './document-faults';

const SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const WS_NS = 'urn:com:broadsoft:webservice';

/** Raised when the HTTP body is not a processOCIMessage envelope. */
export class SoapRequestError extends Error {}

function asElement(node: RawNode | undefined): RawElement | undefined {
  return node && typeof node === 'object' ? node : undefined;
}

const CALL = /<(?:[\w.-]+:)?processOCIMessage[\s>]/;
const PARAM = /<((?:[\w.-]+:)?(?:arg0|in0))(?:\s[^>]*)?>([^<]*)<\/\1\s*>/;

/**
 * The common envelope (no DOCTYPE, CDATA or comment; one plain-text parameter) read without a
 * full parse: it is the hot path of every call. Anything else returns undefined and goes
 * through the shared safe parser. The inner document is always parsed by src/oci/xml.ts.
 */
function fastParam(body: string): string | undefined {
  if (body.includes('<!') || !CALL.test(body)) return undefined;
  const m = PARAM.exec(body);
  return m ? decodeXmlReferences(m[2]) : undefined;
}

/**
 * Extracts the escaped BroadsoftDocument text from a processOCIMessage envelope.
 * The parameter is matched by position like Axis does, so `arg0` and `in0` both work.
 */
export function readOciMessage(body: string): string {
  const fast = fastParam(body);
  if (fast !== undefined && fast.trim()) return fast;
  let tree: RawElement;
  try {
    tree = parseXml(body);
  } catch (err) {
    throw new SoapRequestError((err as Error).message);
  }
  const envelope = asElement(childByLocalName(tree, 'Envelope'));
  const soapBody = envelope && asElement(childByLocalName(envelope, 'Body'));
  const call = soapBody && asElement(childByLocalName(soapBody, 'processOCIMessage'));
  if (!call) throw new SoapRequestError('no processOCIMessage in the SOAP body');
  const param = Object.keys(call).find(
    (k) => !k.startsWith(ATTR) && k !== '#text' && ['arg0', 'in0'].includes(localName(k)),
  );
  if (!param) throw new SoapRequestError('processOCIMessage without arg0');
  const text = rawText((call[param] as RawNode[])[0]);
  if (!text.trim()) throw new SoapRequestError('empty arg0');
  return text;
}

/** A SOAP 1.1 envelope around a body, with the namespaces Axis declares. */
function envelope(body: Record<string, unknown>): string {
  return buildXml({
    'soapenv:Envelope': {
      [`${ATTR}xmlns:soapenv`]: SOAPENV,
      [`${ATTR}xmlns:xsd`]: 'http://www.w3.org/2001/XMLSchema',
      [`${ATTR}xmlns:xsi`]: 'http://www.w3.org/2001/XMLSchema-instance',
      'soapenv:Body': body,
    },
  });
}

// The reply envelope is constant around the one escaped value: built once, split at a marker.
const MARKER = 'OCI-REPLY-MARKER';
const [REPLY_HEAD, REPLY_TAIL] = (
  '<?xml version="1.0" encoding="UTF-8"?>' +
  envelope({
    processOCIMessageResponse: {
      [`${ATTR}xmlns`]: '',
      'ns1:processOCIMessageReturn': { [`${ATTR}xmlns:ns1`]: WS_NS, '#text': MARKER },
    },
  })
).split(MARKER);

/** The SOAP envelope carrying a reply document, shaped like Axis writes it. */
export function soapReply(innerXml: string): string {
  return REPLY_HEAD + escapeXml(innerXml) + REPLY_TAIL;
}

/** A SOAP 1.1 fault (sent with HTTP 500). */
export function soapFault(faultcode: string, faultstring: string, detail: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    envelope({
      'soapenv:Fault': {
        faultcode,
        faultstring,
        faultactor: 'ProvisioningService',
        detail: { string: detail },
      },
    })
  );
}

/** The fault a real XSP sends for a command on a session that is not logged in. */
export function notLoggedInFault(): string {
  return soapFault('soapenv:Server.generalException', 'INVALID_REQUEST', NOT_LOGGED_IN_DETAIL);
}
