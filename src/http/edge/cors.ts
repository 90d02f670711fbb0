import type { RequestHandler } from 'express';

const ALLOW_METHODS = 'GET, PUT, POST, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Request-Id';
const EXPOSE_HEADERS = 'Retry-After, Location, X-Request-Id, WWW-Authenticate';

/**
 * CORS for an allow-list of origins (`*` allows any). Bearer tokens, not cookies, so no
 * credentials mode. A preflight from an origin not on the list gets 403 and no CORS headers.
 */
export function createCors(origins: string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins.map((o) => o.replace(/\/+$/, '').toLowerCase()));
  return (req, res, next) => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!origin) return next();
    res.vary('Origin');
    const ok = any || allowed.has(origin.toLowerCase());
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    if (!preflight) return next();
    if (!ok) {
      res.status(403).end();
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
