import { DocumentFramer, FramingError, OversizeError } from '../../src/oci/document-framer';

const doc = (encoding: string, body: string) =>
  `<?xml version="1.0" encoding="${encoding}"?>\n<BroadsoftDocument protocol="OCI" xmlns="C"><sessionId xmlns="">s1</sessionId>${body}</BroadsoftDocument>`;
const UTF8_DOC = doc('UTF-8', '<command xmlns="" echo="e1">Zoë ☎ Łódź</command>');
const LATIN1_DOC = doc('ISO-8859-1', '<command xmlns="" echo="e1">Zoë Müller</command>');

/** Feeds chunks one by one; returns what each push returned. */
function feed(framer: DocumentFramer, chunks: Buffer[]): (string | undefined)[] {
  return chunks.map((c) => framer.push(c));
}

/** `bytes` cut at every position in `cuts`. */
function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const at of cuts) {
    out.push(bytes.subarray(from, at));
    from = at;
  }
  out.push(bytes.subarray(from));
  return out;
}

describe('DocumentFramer: the document is the frame', () => {
  test('When a UTF-8 document arrives split across chunks, at every byte (inside characters and the closing tag), then it is read whole, once', () => {
    const bytes = Buffer.from(`${UTF8_DOC}\n`, 'utf8');
    for (let at = 1; at < bytes.length; at++) {
      const framer = new DocumentFramer(1 << 20);
      const results = feed(framer, cut(bytes, [at]));
      expect(results.filter((r) => r !== undefined)).toEqual([UTF8_DOC]);
    }
    // One byte at a time.
    const framer = new DocumentFramer(1 << 20);
    const results = feed(
      framer,
      [...bytes].map((b) => Buffer.from([b])),
    );
    expect(results.filter((r) => r !== undefined)).toEqual([UTF8_DOC]);
  });

  test('When the declaration says ISO-8859-1, then the bytes are decoded as ISO-8859-1', () => {
    const framer = new DocumentFramer(1 << 20);
    const bytes = Buffer.from(`${LATIN1_DOC}\n`, 'latin1');
    expect(bytes.includes(0xeb)).toBe(true); // ë as one latin1 byte
    expect(feed(framer, cut(bytes, [bytes.indexOf(0xeb) + 1]))).toEqual([undefined, LATIN1_DOC]);
  });

  test("When the reply's newline comes in the next chunk, or before the next reply, then it is consumed and nothing else", () => {
    const framer = new DocumentFramer(1 << 20);
    expect(framer.push(Buffer.from(UTF8_DOC))).toBe(UTF8_DOC);
    framer.idle(Buffer.from('\n'));
    expect(framer.push(Buffer.from(UTF8_DOC))).toBe(UTF8_DOC);
    expect(framer.push(Buffer.from(`\n${UTF8_DOC}\n`))).toBe(UTF8_DOC);
  });

  test('When two documents arrive in one chunk, then it is a framing error: the second is never kept for the next request', () => {
    const framer = new DocumentFramer(1 << 20);
    expect(() => framer.push(Buffer.from(`${UTF8_DOC}\n${UTF8_DOC}\n`))).toThrow(FramingError);
  });

  test('When stray bytes follow the closing tag (in the same chunk or while idle), then it is a framing error', () => {
    for (const stray of ['x', '\n\n', ' \n', '\r\n']) {
      const framer = new DocumentFramer(1 << 20);
      expect(() => framer.push(Buffer.from(UTF8_DOC + stray))).toThrow(FramingError);
    }
    const idle = new DocumentFramer(1 << 20);
    expect(idle.push(Buffer.from(`${UTF8_DOC}\n`))).toBe(UTF8_DOC);
    // The newline was already had: nothing more may come before the next request.
    expect(() => idle.idle(Buffer.from('\n'))).toThrow(FramingError);
    const late = new DocumentFramer(1 << 20);
    expect(late.push(Buffer.from(UTF8_DOC))).toBe(UTF8_DOC);
    expect(() => late.idle(Buffer.from(`\n${UTF8_DOC}`))).toThrow(FramingError);
  });

  test('When a reply grows past the cap before its closing tag, then it is refused as oversize', () => {
    const framer = new DocumentFramer(100);
    expect(framer.push(Buffer.from(UTF8_DOC.slice(0, 60)))).toBeUndefined();
    expect(() => framer.push(Buffer.from(UTF8_DOC.slice(60)))).toThrow(OversizeError);
  });
});
