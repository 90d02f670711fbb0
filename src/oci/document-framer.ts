import { decodeBody } from './charset';

const CLOSING_TAG = Buffer.from('</BroadsoftDocument>', 'latin1');
const NEWLINE = 0x0a;

/** The byte stream of an OCI-P socket broke the framing rule: the socket can no longer be trusted. */
export class FramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }
}

/** The reply grew past the size cap before its closing tag. */
export class OversizeError extends FramingError {}

/**
 * Cuts the byte stream of one OCI-P socket into reply documents. There is no length prefix:
 * the document is the frame, read up to `</BroadsoftDocument>` however the bytes are chunked,
 * then one optional `\n`. Bytes are decoded by the document's XML declaration (UTF-8 or
 * ISO-8859-1, as the server writes them).
 *
 * Anything else after the closing tag (a second document glued to the first, stray bytes),
 * or bytes arriving while no reply is awaited, is a FramingError: a peer out of step could
 * otherwise have its next document read as the answer to our next request.
 */
export class DocumentFramer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The last bytes received (up to the closing tag's length less one): a tag may straddle chunks. */
  private tail: Buffer = Buffer.alloc(0);
  /** The last reply ended at its closing tag: its `\n` may still come. */
  private newlineOwed = false;

  constructor(private readonly maxBytes: number) {}

  /**
   * Bytes of the awaited reply. Returns the decoded document once its closing tag (and
   * whatever followed in the same chunk) has arrived, undefined while more is needed.
   * Throws FramingError (or OversizeError).
   */
  push(chunk: Buffer): string | undefined {
    if (this.newlineOwed && this.size === 0 && chunk.length > 0) {
      this.newlineOwed = false;
      if (chunk[0] === NEWLINE) chunk = chunk.subarray(1);
      if (chunk.length === 0) return undefined;
    }
    const window = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const found = window.indexOf(CLOSING_TAG);
    const before = this.size;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (found < 0) {
      this.tail = window.subarray(Math.max(0, window.length - (CLOSING_TAG.length - 1)));
      if (this.size > this.maxBytes) throw new OversizeError(`reply larger than ${this.maxBytes} bytes`);
      return undefined;
    }
    const end = before - this.tail.length + found + CLOSING_TAG.length;
    if (end > this.maxBytes) throw new OversizeError(`reply larger than ${this.maxBytes} bytes`);
    const all = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.tail = Buffer.alloc(0);
    const rest = all.subarray(end);
    if (rest.length > 1 || (rest.length === 1 && rest[0] !== NEWLINE))
      throw new FramingError(`${rest.length} unexpected byte(s) after </BroadsoftDocument>`);
    this.newlineOwed = rest.length === 0;
    return decodeBody(all.subarray(0, end), undefined);
  }

  /** Bytes that arrived while no reply was awaited: only the `\n` the last reply still owed is allowed. */
  idle(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.newlineOwed && chunk.length === 1 && chunk[0] === NEWLINE) {
      this.newlineOwed = false;
      return;
    }
    throw new FramingError(`${chunk.length} unexpected byte(s) while no reply was awaited`);
  }
}
