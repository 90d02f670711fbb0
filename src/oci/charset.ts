import { TextDecoder } from 'node:util';

const UTF8 = new TextDecoder('utf-8');
const decoders = new Map<string, TextDecoder>([['utf-8', UTF8]]);

// Java charset names a BroadWorks XSP may write that the WHATWG registry does not list.
const JAVA_ALIASES: Record<string, string> = { cp1252: 'windows-1252', 'iso8859-15': 'iso-8859-15' };

/**
 * A TextDecoder for a charset label as servers write it. Java-style labels are normalised
 * first (`ISO8859_1` → `iso8859-1`: Node's TextDecoder refuses the underscore form).
 * Unknown labels fall back to UTF-8.
 */
export function decoderFor(label: string | undefined): TextDecoder {
  if (!label) return UTF8;
  const norm = label.trim().toLowerCase().replace(/_/g, '-');
  const name = JAVA_ALIASES[norm] ?? norm;
  let d = decoders.get(name);
  if (!d) {
    try {
      d = new TextDecoder(name);
    } catch {
      d = UTF8;
    }
    if (decoders.size < 32) decoders.set(name, d);
  }
  return d;
}

const HEADER_CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;
// The XML declaration at the very start of the envelope; its bytes are ASCII in every charset we accept.
const XML_DECL_ENCODING = /^(?:\uFEFF)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/**
 * Decodes a reply body: by the charset of its Content-Type when there is one, else by the
 * SOAP envelope's own XML declaration (`encoding="ISO-8859-1"`), else as UTF-8. BroadWorks
 * answers in ISO-8859-1 on some releases; undici's text() would assume UTF-8 and garble it.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  const fromHeader = HEADER_CHARSET.exec(contentType ?? '')?.[1];
  if (fromHeader) return decoderFor(fromHeader).decode(bytes);
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 200)).toString('latin1');
  return decoderFor(XML_DECL_ENCODING.exec(head)?.[1]).decode(bytes);
}
