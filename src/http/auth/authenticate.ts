import type { RequestHandler } from 'express';
import { PRINCIPAL_LOCAL } from '../principal';
import { problemType, sendProblem } from '../problem';
import type { TokenVerifier } from './verify-token';
import { bearerChallenge } from './www-authenticate';

const BEARER_RE = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Verifies the Bearer token and leaves the principal in `res.locals.principal`; 401 otherwise. */
export function createAuthenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) {
      res.setHeader('WWW-Authenticate', bearerChallenge());
      sendProblem(res, 401, {
        type: problemType('unauthorized'),
        title: 'Unauthorized',
        detail: 'a Bearer token is required',
      });
      return;
    }
    const m = BEARER_RE.exec(header);
    if (!m) return unauthorized(res, 'malformed Authorization header');
    const outcome = await verifier.verifyAccess(m[1]);
    if (outcome.ok) {
      res.locals[PRINCIPAL_LOCAL] = outcome.principal;
      next();
      return;
    }
    if (outcome.status === 503) {
      res.setHeader('Retry-After', '5');
      sendProblem(res, 503, {
        type: problemType('keys-unavailable'),
        title: 'Service Unavailable',
        detail: outcome.description,
      });
      return;
    }
    unauthorized(res, outcome.description);
  };
}

function unauthorized(res: Parameters<RequestHandler>[1], description: string): void {
  res.setHeader('WWW-Authenticate', bearerChallenge('invalid_token', description));
  sendProblem(res, 401, { type: problemType('unauthorized'), title: 'Unauthorized', detail: description });
}
