import fc from 'fast-check';
import { buildEnvelope, unwrapEnvelope } from '../../src/oci/soap';
import { OciError } from '../../src/oci/errors';
import { ATTR, buildXml, childByLocalName, parseXml, rawText, RawElement } from '../../src/oci/xml';
import { buildDocument, parseDocument, textOf } from '../../src/oci/document';

/** A reply envelope shaped like Axis writes it, with a chosen prefix for the return element. */
function axisReply(inner: string, prefix = 'ns1'): string {
  const name = prefix ? `${prefix}:processOCIMessageReturn` : 'processOCIMessageReturn';
  const attrs = prefix
    ? { [`${ATTR}xmlns:${prefix}`]: 'urn:com:broadsoft:webservice' }
    : { [`${ATTR}xmlns`]: 'urn:com:broadsoft:webservice' };
  return `<?xml version="1.0" encoding="UTF-8"?>${buildXml({
    'soapenv:Envelope': {
      [`${ATTR}xmlns:soapenv`]: 'http://schemas.xmlsoap.org/soap/envelope/',
      'soapenv:Body': { processOCIMessageResponse: { [`${ATTR}xmlns`]: '', [name]: { ...attrs, '#text': inner } } },
    },
  })}`;
}

function fault(faultstring: string, detail: string): string {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server.generalException</faultcode><faultstring>${faultstring}</faultstring><faultactor>ProvisioningService</faultactor><detail><string>${detail}</string></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}

const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as OciError).kind;
  }
  return 'no error';
};

describe('SOAP envelope', () => {
  const nasty = `A&B <C> "D" 'E' Zoë Ñandú 東京 😀`;

  test('a request envelope carries the document as escaped arg0 text, with the SOAP attributes', () => {
    const inner = buildDocument({
      sessionId: 's1',
      commands: [{ type: 'UserExecutiveGetFilteringRequest', echo: nasty, body: { userId: nasty } }],
    });
    const env = buildEnvelope(inner);
    expect(env).toContain('<processOCIMessage soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">');
    expect(env).toContain('<arg0 xsi:type="soapenc:string">&lt;?xml');
    // Two escaping layers: the inner &amp; becomes &amp;amp; on the wire.
    expect(env).toContain('A&amp;amp;B &amp;lt;C&amp;gt;');
    const tree = parseXml(env);
    const body = childByLocalName(childByLocalName(tree, 'Envelope') as RawElement, 'Body') as RawElement;
    const call = childByLocalName(body, 'processOCIMessage') as RawElement;
    const text = rawText(childByLocalName(call, 'arg0'));
    expect(text).toBe(inner);
    expect(textOf(parseDocument(text).commands[0].body, 'userId')).toBe(nasty);
  });

  test.each(['ns1', 'soapenc', ''])('unwraps processOCIMessageReturn with prefix "%s" (fast path)', (prefix) => {
    const inner = buildDocument({ sessionId: 's', commands: [{ type: 'X', body: { v: nasty } }] });
    expect(unwrapEnvelope(axisReply(inner, prefix))).toBe(inner);
  });

  test('the fast path and the full parser agree on any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const inner = `<BroadsoftDocument><v>${s}</v></BroadsoftDocument>`;
        const env = axisReply(inner);
        // A comment forces the full parser on the same content.
        const slow = env.replace('<soapenv:Body>', '<soapenv:Body><!-- slow -->');
        expect(unwrapEnvelope(env)).toBe(inner);
        expect(unwrapEnvelope(slow)).toBe(inner);
      }),
      { numRuns: 300 },
    );
  });

  test('numeric character references and CDATA are unescaped', () => {
    const env = axisReply('PLACEHOLDER').replace('PLACEHOLDER', '&lt;a&gt;&#233;&#x1F600;&apos;&lt;/a&gt;');
    expect(unwrapEnvelope(env)).toBe(`<a>é😀'</a>`);
    const cdata = axisReply('PLACEHOLDER').replace('PLACEHOLDER', '<![CDATA[<a>&amp;</a>]]>');
    expect(unwrapEnvelope(cdata)).toBe('<a>&amp;</a>');
  });

  test('every fault comes out as soap-fault with its faultstring and detail (outcome.ts decides what it means)', () => {
    for (const [faultstring, detail] of [
      ['INVALID_REQUEST', 'Cannot process any request before user is logged in.'],
      ['NO_OCS_CONNECTION', 'lost'],
      ['org.xml.sax.SAXException', 'bad xml'],
    ]) {
      try {
        unwrapEnvelope(fault(faultstring, detail));
        throw new Error('no fault');
      } catch (err) {
        expect([(err as OciError).kind, (err as OciError).backend]).toEqual([
          'soap-fault',
          { summary: faultstring, detail },
        ]);
      }
    }
  });

  test('HTML, DOCTYPE, malformed and foreign XML are bad-reply', () => {
    const good = axisReply('<BroadsoftDocument/>');
    expect(kindOf(() => unwrapEnvelope('<html><body><h1>Service Unavailable</h1></body></html>'))).toBe('bad-reply');
    expect(kindOf(() => unwrapEnvelope(good.replace('?>', '?><!DOCTYPE x [<!ENTITY a "b">]>')))).toBe('bad-reply');
    expect(kindOf(() => unwrapEnvelope(good.slice(0, good.length / 2)))).toBe('bad-reply');
    expect(kindOf(() => unwrapEnvelope('<a><b/></a>'))).toBe('bad-reply');
    expect(kindOf(() => unwrapEnvelope('not xml at all'))).toBe('bad-reply');
    // An unknown entity inside the return text is the full parser's call, not the fast path's.
    const odd = axisReply('x').replace('>x<', '>&bogus;<');
    expect(unwrapEnvelope(odd)).toBe(unwrapEnvelope(odd.replace('<soapenv:Body>', '<soapenv:Body><!-- slow -->')));
  });
});
