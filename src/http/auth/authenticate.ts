import type { RequestHandler, Response } from 'express';
import { PRINCIPAL_LOCAL } from '../principal';
import { sendProblem } from '../problem';
import type { CookieAuthenticator } from './cookie-auth';
import { sessionCookieOf } from './cookie-session';
import type { TokenVerifier } from './verify-token';
import { bearerChallenge } from './www-authenticate';

const BEARER_RE = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** 401 for a request that carries no token at all (a challenge without an error code). */
export function tokenRequired(res: Response): void {
  res.setHeader('WWW-Authenticate', bearerChallenge());
  sendProblem(res, 'unauthorized', { detail: 'a Bearer token is required' });
}

/** 401 for a token that was refused, naming the reason in the challenge and the detail. */
export function tokenRefused(res: Response, description: string): void {
  res.setHeader('WWW-Authenticate', bearerChallenge('invalid_token', description));
  sendProblem(res, 'unauthorized', { detail: description });
}

/**
 * Verifies the Bearer token and leaves the principal in `res.locals.principal`; 401 otherwise.
 * Without an Authorization header, the `sessionid` cookie is tried (when cookie sessions are on);
 * a header wins when both are sent.
 */
export function createAuthenticate(verifier: TokenVerifier, cookie?: CookieAuthenticator): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) {
      const sessionId = cookie ? sessionCookieOf(req) : undefined;
      if (sessionId !== undefined) return cookie!(req, res, next, sessionId);
      return tokenRequired(res);
    }
    const m = BEARER_RE.exec(header);
    if (!m) return tokenRefused(res, 'malformed Authorization header');
    const outcome = await verifier.verifyAccess(m[1]);
    if (outcome.ok) {
      res.locals[PRINCIPAL_LOCAL] = outcome.principal;
      next();
      return;
    }
    if (outcome.status === 503) {
      res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      sendProblem(res, 'keys-unavailable', { detail: outcome.description });
      return;
    }
    tokenRefused(res, outcome.description);
  };
}
