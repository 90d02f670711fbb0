import fc from 'fast-check';
import { buildDocument } from '../../src/oci/document';
import { buildEnvelope } from '../../src/oci/soap';
import { parseXml, parseXmlSafe, XmlRefusedError } from '../../src/oci/xml';
import { parseStrictXml } from '../../src/oci/xml-strict';

// The strict reader must give exactly the safe parser's tree, or step aside (undefined).

const names = fc.constantFrom('a', 'b', 'row', 'col', 'command', 'c:x', 'sessionId', 'userId', 'x-y', 'n.1', '_z');
const attrNames = fc.constantFrom('echo', 'xsi:type', 'xmlns', 'xmlns:c', 'type', 'xsi:nil', 'protocol');
// Text pieces, already in XML form: plain characters, escapes, references, spaces, '>' and quotes.
const piece = fc.oneof(
  fc.string({
    unit: fc.constantFrom('x', 'Y', '0', ' ', '\t', '\n', '>', '"', "'", 'é', '€', '😀', '-', ':'),
    maxLength: 6,
  }),
  fc.constantFrom(
    '&amp;',
    '&lt;',
    '&gt;',
    '&quot;',
    '&apos;',
    '&#65;',
    '&#x42;',
    '&#160;',
    '&#10;',
    '&#9;',
    '&#x1F600;',
    '&amp;lt;',
    '&#0065;',
  ),
);
const text = fc.array(piece, { maxLength: 4 }).map((p) => p.join(''));
const attrValue = (q: string) => text.map((t) => t.split(q).join(q === '"' ? '&quot;' : '&apos;'));
const attrs = fc.uniqueArray(
  fc.tuple(attrNames, fc.constantFrom('"', "'")).chain(([n, q]) => attrValue(q).map((v) => ` ${n}=${q}${v}${q}`)),
  {
    maxLength: 3,
    selector: (a) => a.slice(1, a.indexOf('=')),
  },
);
const space = fc.constantFrom('', '', ' ', '\n', '\n  ', '\t');

const element: fc.Memo<string> = fc.memo((depth) =>
  fc
    .tuple(
      names,
      attrs,
      fc.array(fc.oneof(text, depth > 1 ? element(depth - 1) : text), { maxLength: 4 }),
      fc.boolean(),
      space,
    )
    .map(([n, a, content, selfClose, sp]) =>
      content.length === 0 && selfClose
        ? `<${n}${a.join('')}${sp}/>`
        : `<${n}${a.join('')}${sp}>${content.join('')}</${n}${sp}>`,
    ),
);
const document = fc
  .tuple(fc.boolean(), space, element(4), space)
  .map(([decl, s1, root, s2]) => `${decl ? '<?xml version="1.0" encoding="UTF-8"?>' : ''}${s1}${root}${s2}`);

function safe(xml: string): unknown {
  try {
    return parseXmlSafe(xml);
  } catch (err) {
    return err instanceof XmlRefusedError ? 'refused' : err;
  }
}

describe('strict XML reader', () => {
  it('reads every document of the plain dialect exactly as the safe parser does', () => {
    fc.assert(
      fc.property(document, (xml) => {
        const strict = parseStrictXml(xml);
        const expected = safe(xml);
        if (expected === 'refused') expect(strict).toBeUndefined();
        else expect(strict).toStrictEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('never accepts what the safe parser refuses, nor reads it differently (mutated documents)', () => {
    const junk = fc.constantFrom(
      '<',
      '>',
      '&',
      '/',
      '"',
      "'",
      '=',
      ' ',
      '<!--c-->',
      '<![CDATA[x]]>',
      '&nbsp;',
      '&#0;',
      '&#xD800;',
      '\r',
      '<?pi?>',
      '</a>',
      '<a>',
      ':',
      '__proto__',
    );
    fc.assert(
      fc.property(
        document,
        fc.array(fc.tuple(fc.nat(), fc.nat(3), junk), { minLength: 1, maxLength: 3 }),
        (xml, edits) => {
          let s = xml;
          for (const [at, del, ins] of edits) {
            const i = at % (s.length + 1);
            s = s.slice(0, i) + ins + s.slice(i + del);
          }
          const strict = parseStrictXml(s);
          if (strict !== undefined) expect(strict).toStrictEqual(safe(s));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a large table full of references (12,000) is read, by the strict reader, as the safe parser reads it', () => {
    const heading = ['User Id', 'Last Name', 'First Name'];
    const row = (i: number) => ({ col: [`u${i}@x`, `O'Neil & Zoë <${i}>`, 'Inès & Cie'] });
    const xml = buildDocument({
      sessionId: 's',
      commands: [
        {
          type: 'UserGetListInGroupResponse',
          body: { userTable: { colHeading: heading, row: Array.from({ length: 2500 }, (_, i) => row(i)) } },
        },
      ],
      encoding: 'ISO-8859-1',
    });
    expect((xml.match(/&/g) ?? []).length).toBeGreaterThan(10_000);
    const strict = parseStrictXml(xml);
    expect(strict).toBeDefined();
    expect(strict).toStrictEqual(parseXmlSafe(xml));
  });

  it('reads realistic OCI replies and their SOAP envelopes as the safe parser does', () => {
    const reply = buildDocument({
      sessionId: 'a&b<c>',
      commands: [
        {
          type: 'UserExecutiveGetFilteringResponse',
          echo: '',
          body: {
            enableFiltering: 'true',
            filteringMode: 'Simple',
            criteriaTable: {
              colHeading: ['Is Active', 'Criteria Name'],
              row: [{ col: ['true', 'Ä & "x"'] }, { col: ['false', ''] }],
            },
          },
        },
        {
          type: 'c:ErrorResponse',
          attributes: { type: 'Error', 'xmlns:c': 'C' },
          body: { summary: '[Error 4008] User not found: <x>', summaryEnglish: "it's", detail: null },
        },
        { type: 'c:SuccessResponse', attributes: { 'xmlns:c': 'C' }, body: {} },
      ],
    });
    for (const xml of [reply, buildEnvelope(reply)]) {
      const strict = parseStrictXml(xml);
      expect(strict).toBeDefined();
      expect(strict).toStrictEqual(safe(xml));
    }
  });

  it('steps aside for DOCTYPE, comments, CDATA, other entities and processing instructions', () => {
    for (const xml of [
      '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
      '<a><!-- c --></a>',
      '<a><![CDATA[<b>]]></a>',
      '<a>&nbsp;</a>',
      '<a><?pi x?></a>',
      '<a>x</a><b/>',
      '<a><__proto__>1</__proto__></a>',
      '<a b="1" b="2"/>',
      '<a>x\r\ny</a>',
    ]) {
      expect(parseStrictXml(xml)).toBeUndefined();
    }
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(XmlRefusedError);
  });
});
