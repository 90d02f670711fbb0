const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');

/**
 * Decodes a reply body by the charset of its Content-Type. BroadWorks answers in
 * ISO-8859-1 on some releases; undici's text() would assume UTF-8 and garble it.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  const charset = m?.[1].toLowerCase();
  if (
    charset === 'iso-8859-1' ||
    charset === 'latin1' ||
    charset === 'iso8859-1' ||
    charset === 'windows-1252' ||
    charset === 'us-ascii'
  ) {
    return LATIN1.decode(bytes);
  }
  return UTF8.decode(bytes);
}
