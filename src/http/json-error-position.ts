import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** Where a JSON text stops being JSON: 1-based line and column, and what was wrong there. */
export interface JsonErrorPosition {
  line: number;
  column: number;
  reason: string;
}

/**
 * Locates the first error of a text JSON.parse refused; undefined when the text is valid JSON. V8 names a position only for some
 * errors ("Unexpected token" has none), so a strict JSON scanner (jsonc-parser, comments and
 * trailing commas disallowed) finds it; columns count UTF-16 code units, as editors do.
 */
export function jsonErrorPosition(text: string): JsonErrorPosition | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // Valid JSON refused by the parser's strict mode: a top-level null, number, string or boolean.
  if (errors.length === 0 && text.trim() !== '') return undefined;
  const offset = errors.length > 0 ? errors[0].offset : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  const reason = errors.length > 0 ? describe(printParseErrorCode(errors[0].error)) : 'not valid JSON';
  return { line, column, reason };
}

// 'PropertyNameExpected' → 'property name expected'
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
