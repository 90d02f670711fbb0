/**
 * How a bad configuration value is shown in the start-up error: quoted, so the operator sees
 * what the process really got (a stray quote, a trailing space), except for secrets, which are
 * named but never printed: passwords, JWT secrets, tokens, keys, and URLs that carry credentials.
 */

// Names that hold a secret themselves (…_FILE variables hold a path, which is fine to show).
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|_KEY)$/;
// scheme://…@… — credentials inside a URL, anywhere in a list of URLs. Any `@` after a scheme
// withholds the value: a password may hold a space, a slash or a comma, which a tighter match
// would stop at and then print.
const URL_WITH_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/.*@/is;

/** `(got "…")`, or a note that the value is withheld. */
export function shownValue(name: string, raw: string): string {
  if (SECRET_NAME.test(name)) return '(value not shown: a secret)';
  if (URL_WITH_CREDENTIALS.test(raw)) return '(value not shown: the URL carries credentials)';
  return `(got ${JSON.stringify(raw)})`;
}
