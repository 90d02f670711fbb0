/**
 * XSD whitespace handling. Only #x20, #x9, #xA and #xD are XML whitespace: JS `\s` and
 * `trim()` also strip Unicode spaces (U+00A0, U+3000, U+FEFF…), which a real server keeps.
 */

/** whiteSpace="replace": TAB, LF and CR become spaces. */
export function replaceXmlWhitespace(text: string): string {
  return text.replace(/[\t\n\r]/g, ' ');
}

/** whiteSpace="collapse" (xs:token and its restrictions). */
export function collapseXmlWhitespace(text: string): string {
  return text.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '');
}
