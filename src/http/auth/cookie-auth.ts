import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { CoordinationError } from '../../coordination/errors';
import type { CookieSessionLimits, CookieSessions } from '../../coordination/stores';
import { requestIdOf } from '../../observability/request-context';
import { freezePrincipal, PRINCIPAL_LOCAL, type Principal } from '../principal';
import { coordinationUnavailable, sendProblem } from '../problem';
import { cookieIsSecure, expireSessionCookie, sessionKeyOf } from './cookie-session';
import { isUnsafeMethod, type CsrfVerdict } from './csrf';

export interface CookieAuthDeps {
  sessions: CookieSessions;
  limits: CookieSessionLimits;
  csrf: (req: Request) => CsrfVerdict;
  publicUrl?: string;
  /** The `issuer` a bearer token of the same login gets ("secret" and its iss): the same identity either way. */
  issuer: string;
  logger?: Logger;
}

/** What the session cookie of a request establishes; answers 401/403/503 itself otherwise. */
export type CookieAuthenticator = (req: Request, res: Response, next: NextFunction, sessionId: string) => Promise<void>;

/**
 * Authenticates a request by its `sessionid` cookie (no Authorization header was sent): a write
 * from another site is refused before the store is asked; a dead or unknown session is a 401 that
 * also drops the cookie; a store that cannot answer is a 503 (never fails open).
 */
export function createCookieAuthenticator(deps: CookieAuthDeps): CookieAuthenticator {
  return async (req, res, next, sessionId) => {
    if (isUnsafeMethod(req.method)) {
      const verdict = deps.csrf(req);
      if (!verdict.allowed) return csrfRejected(res, verdict.reason, deps.logger);
    }
    let lookup;
    try {
      lookup = await deps.sessions.use(sessionKeyOf(sessionId), deps.limits);
    } catch (err) {
      if (err instanceof CoordinationError) return sessionStoreUnavailable(res, err);
      throw err;
    }
    if (lookup.kind === 'dead') return sessionDead(res, cookieIsSecure(req, deps.publicUrl));
    const principal = JSON.parse(lookup.record.principal) as Principal;
    principal.issuer = deps.issuer;
    res.locals[PRINCIPAL_LOCAL] = freezePrincipal(principal);
    next();
  };
}

/** 403 csrf-rejected: the request came from a site the gateway does not serve cookies to. */
export function csrfRejected(res: Response, reason: string, logger?: Logger): void {
  logger?.warn({ requestId: requestIdOf(res), event: 'csrf-rejected', reason }, 'cross-site request refused');
  sendProblem(res, 'csrf-rejected', {
    detail: `a request with the session cookie from another site is refused (${reason}); nothing was sent to BroadWorks`,
  });
}

/** 401 for a session cookie that names no live session, with a Set-Cookie that drops it. */
export function sessionDead(res: Response, secure: boolean): void {
  expireSessionCookie(res, secure);
  sendProblem(res, 'unauthorized', {
    detail: 'the session has ended (logged out, idle or too old) or is unknown; log in again',
  });
}

/** 503 when the session store (Redis) cannot answer: the session is neither honoured nor refused. */
export function sessionStoreUnavailable(res: Response, err: CoordinationError): void {
  coordinationUnavailable(
    res,
    err,
    'the shared store (Redis) that holds cookie sessions is unreachable; nothing was sent to BroadWorks; retry later (bearer tokens keep working)',
  );
}
