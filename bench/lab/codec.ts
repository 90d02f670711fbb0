/**
 * CPU cost of the OCI codec per document: build (document + SOAP envelope) and parse
 * (envelope unwrap + reply document). Run: see bench/lab/tsconfig.json.
 */
import { performance } from 'node:perf_hooks';
import { buildDocument, parseReply } from '../../src/oci/document';
import { buildEnvelope, unwrapEnvelope } from '../../src/oci/soap';
import { ATTR, buildXml } from '../../src/oci/xml';
import { CRITERIA_HEADINGS } from '../../src/simulator/commands/executive-filtering';

function bench(name: string, fn: () => unknown, ms = 1000): void {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    now = performance.now();
  }
  console.log(`${name.padEnd(48)} ${(((now - start) * 1000) / n).toFixed(1).padStart(8)} µs/doc`);
}

const get = { type: 'UserExecutiveGetFilteringRequest', echo: 'req-1', body: { userId: 'exec1@acme.example.com' } };
const heading = [...CRITERIA_HEADINGS];
const reply = (rows: number) =>
  buildDocument({
    sessionId: 'b1e5c3a2-0000-4000-8000-000000000000',
    commands: [
      {
        type: 'UserExecutiveGetFilteringResponse',
        echo: 'req-1',
        body: {
          enableFiltering: 'true',
          filteringMode: 'Advanced',
          simpleFilterType: 'All Calls',
          criteriaTable: {
            colHeading: heading,
            row: Array.from({ length: rows }, (_, i) => ({ col: heading.map((h) => `${h} ${i} & <Zoë>`) })),
          },
        },
      },
    ],
    encoding: 'ISO-8859-1',
  });
const soap = (inner: string) =>
  buildXml({
    'soapenv:Envelope': {
      [`${ATTR}xmlns:soapenv`]: 'http://schemas.xmlsoap.org/soap/envelope/',
      'soapenv:Body': {
        processOCIMessageResponse: {
          [`${ATTR}xmlns`]: '',
          'ns1:processOCIMessageReturn': { [`${ATTR}xmlns:ns1`]: 'urn:com:broadsoft:webservice', '#text': inner },
        },
      },
    },
  });

const small = soap(reply(3));
const large = soap(reply(50));
const slowSmall = small.replace('<soapenv:Body>', '<soapenv:Body><!-- force the full parser -->');

bench('build: 1 command (document + envelope)', () =>
  buildEnvelope(buildDocument({ sessionId: 's', commands: [get] })),
);
bench('build: 15 commands (document + envelope)', () =>
  buildEnvelope(buildDocument({ sessionId: 's', commands: Array.from({ length: 15 }, () => get) })),
);
bench(`unwrap fast path (3-row reply, ${small.length} B)`, () => unwrapEnvelope(small));
bench('unwrap full parser (same reply)', () => unwrapEnvelope(slowSmall));
bench('parse: unwrap + reply document (3 rows)', () => parseReply(unwrapEnvelope(small)));
bench(`parse: unwrap + reply document (50 rows, ${large.length} B)`, () => parseReply(unwrapEnvelope(large)));
