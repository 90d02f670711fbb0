/**
 * pino `redact` paths: credentials that may appear in request/response logs or in
 * objects a handler logs. Wildcards cover one level of nesting (pino's fast-redact).
 */
export const REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'refreshToken',
  'accessToken',
  'token',
  'secret',
  '*.password',
  '*.plainTextPassword',
  '*.signedPassword',
  '*.nonce',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.secret',
  '*.jwtSecret',
  'req.body.password',
  'req.body.refreshToken',
  'body.password',
  'body.refreshToken',
];
