import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's security headers, worked out once at start-up and set as a list on every response
 * (no work per request that can be done once). helmet stays the source of the values;
 * its default policy has nothing per request (no nonces). A helmet that stops calling next or
 * removes a header other than X-Powered-By would make this wrong: then start-up fails.
 */
export function securityHeaders(): RequestHandler {
  const headers: [string, string][] = [];
  let passed = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      if (name.toLowerCase() !== 'x-powered-by') throw new Error(`helmet removes ${name}: not static`);
    },
  };
  helmet()({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err as Error;
    passed = true;
  });
  if (!passed || headers.length === 0) throw new Error('helmet did not set its headers synchronously');
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
