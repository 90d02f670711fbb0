import cors from 'cors';
import type { RequestHandler } from 'express';

/** What a portal on another origin may send: the token, JSON, and the lost-update and safe-retry headers. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'];
/** What its scripts may read: the ETag for If-Match, the replay flag, and the headers errors carry. */
export const CORS_EXPOSED_HEADERS = [
  'ETag',
  'X-Request-Id',
  'Idempotent-Replayed',
  'Retry-After',
  'Location',
  'WWW-Authenticate',
];
/** Seconds a browser may cache a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600;

const normalize = (origin: string) => origin.replace(/\/+$/, '').toLowerCase();

/**
 * CORS (the `cors` package) for an allow-list of origins (`*` allows any). Explicitly listed
 * origins get `Access-Control-Allow-Credentials: true` (a portal there may send the session
 * cookie); `*` never does. Other origins get no CORS header at all, and their preflight a 403.
 * No origins configured: no CORS headers.
 */
export function createCors(origins: string[]): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  const any = origins.includes('*');
  const allowed = new Set(origins.map(normalize));
  const isAllowed = (origin: string) => any || allowed.has(normalize(origin));
  const handle = cors({
    origin: any ? '*' : (origin, done) => done(null, origin !== undefined && isAllowed(origin) ? origin : false),
    methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: CORS_MAX_AGE_SECONDS,
    credentials: !any,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    // The answer depends on the origin, whichever it is: caches must keep them apart.
    if (!any) res.vary('Origin');
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (preflight && !isAllowed(origin)) {
      res.status(403).end();
      return;
    }
    handle(req, res, next);
  };
}
