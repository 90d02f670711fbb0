import { createScanner, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from './json-depth';

/** Where a JSON text stops being JSON: 1-based line and column, and what was wrong there. */
export interface JsonErrorPosition {
  line: number;
  column: number;
  reason: string;
}

// jsonc-parser's SyntaxKind is a const enum, which isolated-module compilers cannot inline.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/**
 * Locates the first error of a text JSON.parse refused; undefined when the text is valid JSON. V8 names a position only for some
 * errors ("Unexpected token" has none), so a strict JSON scanner (jsonc-parser, comments and
 * trailing commas disallowed) finds it; columns count UTF-16 code units, as editors do.
 * jsonc-parser's parse recurses once per nesting level, so it only runs on a text whose tokens
 * (counted first by its own scanner, without recursion) nest at most `maxDepth` levels; deeper,
 * the position named is where the text went past that depth.
 */
export function jsonErrorPosition(text: string, maxDepth = MAX_JSON_DEPTH): JsonErrorPosition | undefined {
  const tooDeep = offsetBeyondDepth(text, maxDepth);
  if (tooDeep !== undefined) return positionAt(text, tooDeep, `nested deeper than ${maxDepth} levels`);
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // Valid JSON refused by the parser's strict mode: a top-level null, number, string or boolean.
  if (errors.length === 0 && text.trim() !== '') return undefined;
  const offset = errors.length > 0 ? errors[0].offset : text.length;
  const reason = errors.length > 0 ? describe(printParseErrorCode(errors[0].error)) : 'not valid JSON';
  return positionAt(text, offset, reason);
}

/** The offset of the first `[` or `{` token that opens level maxDepth + 1, if any. */
function offsetBeyondDepth(text: string, maxDepth: number): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  const next = (): number => scanner.scan();
  for (let token = next(); token !== EOF; token = next()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return scanner.getTokenOffset();
    } else if ((token === CLOSE_BRACE || token === CLOSE_BRACKET) && depth > 0) depth -= 1;
  }
  return undefined;
}

function positionAt(text: string, offset: number, reason: string): JsonErrorPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, reason };
}

// 'PropertyNameExpected' → 'property name expected'
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
