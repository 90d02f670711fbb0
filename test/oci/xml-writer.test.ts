import fc from 'fast-check';
import type { OciValue } from '../../src/oci/command';
import { buildDocument, type DocumentCommand } from '../../src/oci/document';
import { buildEnvelope } from '../../src/oci/soap';
import { ATTR, buildXml, escapeXml } from '../../src/oci/xml';

// The template writers must produce the builder's bytes: here the builder is the reference.

function refTree(value: OciValue | OciValue[]): unknown {
  if (Array.isArray(value)) return value.map(refTree);
  if (value === null) return { [`${ATTR}xsi:nil`]: 'true' };
  if (typeof value === 'string') return value;
  const out: Record<string, unknown> = {};
  if (value.$type) out[`${ATTR}xsi:type`] = value.$type;
  for (const [k, v] of Object.entries(value)) if (k !== '$type' && v !== undefined) out[k] = refTree(v);
  return out;
}

function refDocument(sessionId: string, commands: DocumentCommand[]): string {
  const command = commands.map((c) => {
    const attrs: Record<string, string> = { [`${ATTR}xsi:type`]: c.type, [`${ATTR}xmlns`]: '' };
    if (c.echo !== undefined) attrs[`${ATTR}echo`] = c.echo;
    for (const [k, v] of Object.entries(c.attributes ?? {})) attrs[`${ATTR}${k}`] = v;
    return { ...attrs, ...(refTree(c.body) as Record<string, unknown>) };
  });
  const xml = buildXml({
    BroadsoftDocument: {
      [`${ATTR}protocol`]: 'OCI',
      [`${ATTR}xmlns`]: 'C',
      [`${ATTR}xmlns:xsi`]: 'http://www.w3.org/2001/XMLSchema-instance',
      sessionId: { [`${ATTR}xmlns`]: '', '#text': sessionId },
      command,
    },
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

function refEnvelope(inner: string): string {
  const SOAPENC = 'http://schemas.xmlsoap.org/soap/encoding/';
  const xml = buildXml({
    'soapenv:Envelope': {
      [`${ATTR}xmlns:soapenv`]: 'http://schemas.xmlsoap.org/soap/envelope/',
      [`${ATTR}xmlns:xsd`]: 'http://www.w3.org/2001/XMLSchema',
      [`${ATTR}xmlns:xsi`]: 'http://www.w3.org/2001/XMLSchema-instance',
      [`${ATTR}xmlns:soapenc`]: SOAPENC,
      'soapenv:Body': {
        processOCIMessage: {
          [`${ATTR}soapenv:encodingStyle`]: SOAPENC,
          arg0: { [`${ATTR}xsi:type`]: 'soapenc:string', '#text': inner },
        },
      },
    },
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

const str = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", ' ', '\n', 'é', '😀'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
const name = fc.constantFrom('userId', 'criteriaName', 'row', 'col', 'enableScreening', 'phoneNumber', 'timeSchedule');
const value: fc.Memo<OciValue> = fc.memo((d) =>
  fc.oneof(
    str,
    fc.constant(null),
    fc.constant(''),
    d > 1
      ? fc
          .tuple(
            fc.option(fc.constantFrom('GroupDepartmentKey', 'a&b'), { nil: undefined }),
            fc.dictionary(name, fc.oneof(value(d - 1), fc.array(value(d - 1), { maxLength: 3 })), { maxKeys: 4 }),
          )
          .map(([t, body]) => (t === undefined ? body : { $type: t, ...body }))
      : str,
  ),
);
const body = fc.dictionary(name, fc.oneof(value(3), fc.array(value(3), { maxLength: 3 })), { maxKeys: 5 });
const command = fc.record(
  {
    type: fc.constantFrom('UserExecutiveGetFilteringRequest', 'c:ErrorResponse'),
    echo: str,
    attributes: fc.dictionary(fc.constantFrom('type', 'xmlns:c', 'echo'), str, { maxKeys: 2 }),
    body: fc.oneof(
      body,
      body.map((b) => ({ $type: 'Override', ...b })),
    ),
  },
  { requiredKeys: ['type', 'body'] },
);

describe('template XML writer', () => {
  it('escapes exactly as the builder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(escapeXml(s)).toBe(s === '' ? '' : buildXml({ t: s }).slice(3, -4));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes documents byte for byte as the builder did', () => {
    fc.assert(
      fc.property(str, fc.array(command, { minLength: 1, maxLength: 15 }), (sessionId, commands) => {
        expect(buildDocument({ sessionId, commands })).toBe(refDocument(sessionId, commands));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes SOAP envelopes byte for byte as the builder did', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (inner) => {
        expect(buildEnvelope(inner)).toBe(refEnvelope(inner));
      }),
    );
  });
});
