import {
  buildDocument,
  parseDocument,
  parseReply,
  tableOf,
  textOf,
  textsOf,
  XmlRefusedError,
} from '../../src/oci/document';
import { isWriteCommand } from '../../src/oci/command';

const reply = (commands: string, decl = '<?xml version="1.0" encoding="ISO-8859-1"?>') =>
  `${decl}\n<BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><sessionId xmlns="">s-1</sessionId>${commands}</BroadsoftDocument>`;

describe('document codec', () => {
  test('escapes & < > " \' and keeps non-ASCII names through a round trip', () => {
    const nasty = `A&B <C> "D" 'E' Zoë Ñandú 東京`;
    const xml = buildDocument({
      sessionId: 'x',
      commands: [{ type: 'UserExecutiveGetFilteringRequest', echo: 'r"1', body: { userId: nasty } }],
    });
    expect(xml).not.toContain('<C>');
    expect(xml).toContain('&amp;B &lt;C&gt;');
    const doc = parseDocument(xml);
    expect(doc.sessionId).toBe('x');
    expect(doc.commands[0].type).toBe('UserExecutiveGetFilteringRequest');
    expect(doc.commands[0].echo).toBe('r"1');
    expect(textOf(doc.commands[0].body, 'userId')).toBe(nasty);
  });

  test('writes null as xsi:nil and reads it back as null; element order is insertion order', () => {
    const xml = buildDocument({
      sessionId: 's',
      commands: [
        {
          type: 'UserExecutiveModifyAssistantRequest',
          body: { userId: 'u', allowOptInOut: 'true', assistantUserIdList: null },
        },
      ],
    });
    expect(xml).toMatch(
      /<userId>u<\/userId><allowOptInOut>true<\/allowOptInOut><assistantUserIdList xsi:nil="true"\/>/,
    );
    const body = parseDocument(xml).commands[0].body;
    expect(textOf(body, 'assistantUserIdList')).toBeNull();
  });

  test('repeated elements become lists and nested xsi:type is written', () => {
    const xml = buildDocument({
      sessionId: 's',
      commands: [
        { type: 'T', body: { list: { userId: ['a', 'b'] }, key: { $type: 'GroupDepartmentKey', name: 'n' } } },
      ],
    });
    expect(xml).toContain('<key xsi:type="GroupDepartmentKey"><name>n</name></key>');
    const body = parseDocument(xml).commands[0].body;
    expect(textsOf(body.list[0] as never, 'userId')).toEqual(['a', 'b']);
  });

  test('refuses 0 or more than 15 commands', () => {
    expect(() => buildDocument({ sessionId: 's', commands: [] })).toThrow(RangeError);
    const many = Array.from({ length: 16 }, () => ({ type: 'T', body: {} }));
    expect(() => buildDocument({ sessionId: 's', commands: many })).toThrow(RangeError);
  });

  test('reads success, c:-prefixed error without errorCode, and data responses in order', () => {
    const { sessionId, results } = parseReply(
      reply(
        '<command echo="" xsi:type="c:SuccessResponse" xmlns:c="C" xmlns=""/>' +
          '<command type="Warning" echo="e2" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><summary>[Error 4008] User not found: x</summary><summaryEnglish>[Error 4008] User not found: x</summaryEnglish><detail>d</detail></command>' +
          '<command echo="e3" xsi:type="UserExecutiveGetFilteringResponse" xmlns=""><enableFiltering>true</enableFiltering><filteringMode>Simple</filteringMode></command>',
      ),
    );
    expect(sessionId).toBe('s-1');
    expect(results[0]).toEqual({ kind: 'success', echo: undefined });
    expect(results[1]).toMatchObject({
      kind: 'error',
      echo: 'e2',
      code: 4008,
      severity: 'Warning',
      summaryEnglish: '[Error 4008] User not found: x',
      detail: 'd',
    });
    expect(results[2]).toMatchObject({ kind: 'data', type: 'UserExecutiveGetFilteringResponse', echo: 'e3' });
  });

  test('an explicit errorCode wins over the summary text', () => {
    const { results } = parseReply(
      reply(
        '<command type="Error" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><errorCode>6004</errorCode><summary>x</summary><summaryEnglish>[Error 1] x</summaryEnglish></command>',
      ),
    );
    expect(results[0]).toMatchObject({ kind: 'error', code: 6004, severity: 'Error' });
  });

  test('children with a namespace prefix (<c:summary>) are read by local name', () => {
    const { results } = parseReply(
      reply(
        '<command type="Error" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><c:summary>[Error 4913] dup</c:summary><c:summaryEnglish>[Error 4913] dup</c:summaryEnglish><c:detail>d</c:detail></command>' +
          '<command xsi:type="UserX" xmlns="" xmlns:c="C"><c:isAssigned>true</c:isAssigned></command>',
      ),
    );
    expect(results[0]).toMatchObject({ kind: 'error', code: 4913, summary: '[Error 4913] dup', detail: 'd' });
    expect(results[1]).toMatchObject({ kind: 'data', body: { isAssigned: ['true'] } });
  });

  test.each([
    ['Warning', 'Warning'],
    ['Info', 'Info'],
    ['Error', 'Error'],
  ])('a [%s NNNN] summary keeps its code; the type attribute (else the prefix) gives the severity', (sev) => {
    const withAttr = parseReply(
      reply(
        `<command type="${sev}" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><summary>[${sev} 4600] w</summary><summaryEnglish>[${sev} 4600] w</summaryEnglish></command>`,
      ),
    ).results[0];
    expect(withAttr).toMatchObject({ kind: 'error', code: 4600, severity: sev });
    const noAttr = parseReply(
      reply(`<command xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><summary>[${sev} 4601] w</summary></command>`),
    ).results[0];
    expect(noAttr).toMatchObject({ kind: 'error', code: 4601, severity: sev });
  });

  test('values stay strings: leading zeros and + survive', () => {
    const { results } = parseReply(reply('<command xsi:type="X" xmlns=""><a>0044</a><b>+3222</b><c>007</c></command>'));
    const r = results[0];
    if (r.kind !== 'data') throw new Error('expected data');
    expect([textOf(r.body, 'a'), textOf(r.body, 'b'), textOf(r.body, 'c')]).toEqual(['0044', '+3222', '007']);
  });

  test('tables are read by heading, with empty cells, whatever the column order', () => {
    const { results } = parseReply(
      reply(
        '<command xsi:type="UserExecutiveGetAssistantResponse" xmlns=""><allowOptInOut>false</allowOptInOut><assistantUserTable>' +
          '<colHeading>Last Name</colHeading><colHeading>User Id</colHeading><colHeading>Email Address</colHeading>' +
          '<row><col>Peeters</col><col>a@x</col><col/></row><row><col>O&apos;Neil &amp; Co</col><col>b@x</col><col>b@mail</col></row>' +
          '</assistantUserTable></command>',
      ),
    );
    const r = results[0];
    if (r.kind !== 'data') throw new Error('expected data');
    expect(tableOf(r.body, 'assistantUserTable').rows).toEqual([
      { 'Last Name': 'Peeters', 'User Id': 'a@x', 'Email Address': '' },
      { 'Last Name': "O'Neil & Co", 'User Id': 'b@x', 'Email Address': 'b@mail' },
    ]);
  });

  test('Latin-1 numeric references decode', () => {
    const { results } = parseReply(reply('<command xsi:type="X" xmlns=""><n>Zo&#235; &#x00E9;</n></command>'));
    expect(results[0].kind === 'data' && textOf(results[0].body, 'n')).toBe('Zoë é');
  });

  test('a reply with a DOCTYPE is refused before parsing', () => {
    const evil =
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]><BroadsoftDocument protocol="OCI" xmlns="C"><sessionId>&b;</sessionId></BroadsoftDocument>';
    expect(() => parseReply(evil)).toThrow(XmlRefusedError);
  });

  test('malformed XML is a typed refusal, not a crash', () => {
    expect(() => parseReply('<BroadsoftDocument><command')).toThrow();
    expect(() => parseReply('<html>oops</html>')).toThrow(/BroadsoftDocument/);
  });

  test('write classification errs towards "write"', () => {
    expect(isWriteCommand('UserExecutiveGetFilteringRequest')).toBe(false);
    expect(isWriteCommand('UserServiceIsAssignedRequest')).toBe(false);
    expect(isWriteCommand('UserGetRequest23V2')).toBe(false);
    expect(isWriteCommand('VerifySessionIsValidRequest')).toBe(false);
    expect(isWriteCommand('UserExecutiveModifyScreeningAlertingRequest')).toBe(true);
    expect(isWriteCommand('UserExecutiveAddFilteringSelectiveCriteriaRequest')).toBe(true);
    expect(isWriteCommand('UserExecutiveDeleteFilteringSelectiveCriteriaRequest')).toBe(true);
    expect(isWriteCommand('SomethingUnknownRequest')).toBe(true);
  });
});
