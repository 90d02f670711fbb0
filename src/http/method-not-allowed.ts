import type { RequestHandler } from 'express';
import { sendProblem } from './problem';

/**
 * For a path that exists: 405 with `Allow` for a method it does not serve (RFC 9110 §15.5.6),
 * and 204 with `Allow` for a plain OPTIONS (CORS preflights are answered before this).
 * Mount after the path's real handlers.
 */
export function methodNotAllowed(methods: readonly string[]): RequestHandler {
  const upper = methods.map((m) => m.toUpperCase());
  // express answers HEAD with the GET handler.
  const allow = [...new Set(upper.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))), 'OPTIONS'].join(', ');
  return (req, res) => {
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    sendProblem(res, 'method-not-allowed', { detail: `${req.method} is not served on this path; it serves ${allow}` });
  };
}
