/**
 * How deep request bodies may nest arrays and objects. The Executive API's deepest body nests
 * three levels; every walk over a parsed body (validation, the Idempotency-Key fingerprint, the
 * JSON error position) recurses once per level, so a body refused beyond this bound can never
 * exhaust the stack, whatever the body limit allows.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * The deepest nesting of arrays and objects in a JSON text, found in one pass without parsing
 * or recursion: brackets and braces outside strings are counted, whether or not the text is
 * valid JSON (an unclosed `[` counts as a level). Takes UTF-8 bytes or UTF-16 code units: in
 * both, the structural characters are the ASCII code points and never part of a longer character.
 */
export function jsonNestingDepth(text: ArrayLike<number>): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if ((c === CLOSE_BRACKET || c === CLOSE_BRACE) && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

/** The UTF-16 code units of a string, for jsonNestingDepth. */
export function codeUnits(s: string): Uint16Array {
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
