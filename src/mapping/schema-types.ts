import { z } from 'zod';

/**
 * Zod building blocks that carry XSD simple-type rules into REST schemas. Every regex is
 * built here once, when the module loads, never per request.
 */

// Characters XML 1.0 can carry: TAB, LF, CR and everything from U+0020 except lone surrogates
// and U+FFFE/U+FFFF. Written so that it compiles and means the same with and without the `u`
// flag (astral characters as surrogate pairs), because it is also the OpenAPI `pattern` that
// tools compile either way: without `u` a pair matches the second branch, with `u` the first.
const XML_CHAR = String.raw`(?:[^\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])`;
const TOKEN_CHAR = String.raw`(?:[^\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])`;
const XML_CHARS = new RegExp(`^${XML_CHAR}*$`);
const NO_TAB_OR_NEWLINE = /^[^\t\n\r]*$/;
// xs:token collapses whitespace, so BroadWorks would silently store something else.
const NO_EXTRA_SPACES = /^(?! )(?![\s\S]* $)(?![\s\S]* {2})/;
/** The three token rules as one pattern, for OpenAPI (zod checks them one by one, for precise messages). */
export const TOKEN_PATTERN = String.raw`^(?! )(?![\s\S]* $)(?![\s\S]* {2})${TOKEN_CHAR}*$`;
export const XML_CHARS_PATTERN = XML_CHARS.source;

/** Any string an XML document can carry, with a length range. */
export function xmlString(min: number, max: number) {
  return z.string().min(min).max(max).regex(XML_CHARS, 'contains characters that XML cannot carry');
}

/** An xs:token restriction: XML-safe, no TAB/LF/CR, no leading, trailing or doubled spaces. */
export function token(min: number, max: number) {
  return xmlString(min, max)
    .regex(NO_TAB_OR_NEWLINE, 'must not contain tabs or line breaks')
    .regex(NO_EXTRA_SPACES, 'must not have leading, trailing or doubled spaces')
    .meta({ pattern: TOKEN_PATTERN });
}

/** An xs:int range. */
export function int(min: number, max: number) {
  return z.number().int().min(min).max(max);
}

/** A boolean query parameter: `true`/`1` or `false`/`0`, nothing else. */
export function queryBoolean() {
  return z.enum(['true', '1', 'false', '0']);
}

/** The XSD simple types the Executive API uses (OCISchemaDataTypes.xsd / Executive XSD). */
export const xsd = {
  userId: () => token(1, 161),
  serviceProviderId: () => token(1, 30),
  groupId: () => token(1, 30),
  criteriaName: () => token(1, 50),
  scheduleName: () => token(1, 40),
  dn: () => token(1, 23),
  outgoingDnOrSipUri: () => token(1, 161),
};
