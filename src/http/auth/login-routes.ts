import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { CoordinationError } from '../../coordination/errors';
import type {
  CookieSessionLimits,
  CookieSessionRecord,
  CookieSessions,
  LoginGuard,
  LoginSessions,
  RevocationList,
} from '../../coordination/stores';
import { isOciError } from '../../oci/errors';
import type { OciCredentialVerifier, OciExecutor } from '../../oci/executor';
import { requestIdOf } from '../../observability/request-context';
import type { Principal } from '../principal';
import { LoginRefusedError, LoginReplyError, principalFromLogin } from './login-principal';
import { coordinationUnavailable, sendProblem } from '../problem';
import { tokenRefused } from './authenticate';
import { loginBody, refreshBody } from './login-schemas';
import { methodNotAllowed } from '../method-not-allowed';
import type { TokenSigner } from './sign-token';
import type { TokenVerifier } from './verify-token';
import { bearerChallenge } from './www-authenticate';
import { apioLoginMembers } from './apio-profile';
import { csrfRejected, sessionDead, sessionStoreUnavailable } from './cookie-auth';
import {
  cookieIsSecure,
  expireSessionCookie,
  mintSessionId,
  sessionCookieOf,
  sessionKeyOf,
  setSessionCookie,
} from './cookie-session';
import type { CsrfVerdict } from './csrf';

export interface LoginCookieDeps {
  sessions: CookieSessions;
  limits: CookieSessionLimits;
  csrf: (req: Request) => CsrfVerdict;
  publicUrl?: string;
}

export interface LoginRouterDeps {
  verifier: OciCredentialVerifier;
  executor: OciExecutor;
  tokens: TokenVerifier;
  /** Absent with a JWKS-only configuration: nothing can be signed here (501). */
  signer?: TokenSigner;
  /** Login attempts per account and address, in flight or failed (in-process, or shared through Redis). */
  guard: LoginGuard;
  /** Revoked login sessions (logout, a reused refresh token). */
  revocations: RevocationList;
  /** The current refresh token of each login session (rotation). */
  sessions: LoginSessions;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  now: () => number;
  logger?: Logger;
  /** Cookie sessions (login with `username`); absent with a JWKS-only configuration. */
  cookies?: LoginCookieDeps;
}

/** POST /api/v1/login/, /api/v1/login/refresh/ and /api/v1/logout/ (trailing slash optional). */
export function createLoginRouter(deps: LoginRouterDeps): Router {
  const router = express.Router();

  async function issuePair(
    res: Response,
    principal: Principal,
    refreshExpSec: number,
    sessionId: string,
    refreshId: string,
    extra: object = {},
  ): Promise<void> {
    const accessToken = await deps.signer!.signAccess(principal, deps.accessTtlSeconds, refreshExpSec);
    const refreshToken = await deps.signer!.signRefresh(principal, refreshExpSec, sessionId, refreshId);
    const expiresIn = Math.min(deps.accessTtlSeconds, refreshExpSec - Math.floor(deps.now() / 1000));
    res.json({ accessToken, refreshToken, tokenType: 'Bearer', expiresIn, ...extra });
  }

  /**
   * Until when a logged-out login session stays on the denylist: past its refresh tokens and past
   * any cookie session of it (both end with it).
   */
  function revokedUntil(tokensExpSec: number): number {
    return Math.max(tokensExpSec, Math.ceil(deps.now() / 1000) + (deps.cookies ? deps.cookies.limits.maxMs / 1000 : 0));
  }

  /** Ends the cookie session a request names, and the login session it belongs to; undefined when it was dead already. */
  async function endCookieSession(cookieId: string): Promise<CookieSessionRecord | undefined> {
    const record = await deps.cookies!.sessions.end(sessionKeyOf(cookieId));
    if (!record) return undefined;
    const loginExpSec = Math.ceil(record.createdAtMs / 1000) + deps.refreshTtlSeconds;
    await deps.revocations.revoke(record.loginSessionId, revokedUntil(loginExpSec));
    return record;
  }

  router.post(['/api/v1/login', '/api/v1/login/'], async (req, res) => {
    if (!deps.signer) return notImplemented(res);
    const body = loginBody.safeParse(req.body ?? {});
    if (!body.success) return invalidBody(res, body.error);
    const { password } = body.data;
    const userId = (body.data.userId ?? body.data.username)!;
    // APIO's field name asks for APIO's session: a cookie (login CSRF is checked for it, and for
    // a login that carries an older cookie, which it ends).
    const withCookie = body.data.username !== undefined;
    const cookies = deps.cookies;
    const oldCookie = cookies ? sessionCookieOf(req) : undefined;
    // The cookie side of this login (CSRF, store, the new and the old session), when there is one.
    const cookieLogin = cookies !== undefined && (withCookie || oldCookie !== undefined) ? cookies : undefined;
    if (cookieLogin) {
      const verdict = cookieLogin.csrf(req);
      if (!verdict.allowed) return csrfRejected(res, verdict.reason, deps.logger);
      // A session that could not be kept must not cost a BroadWorks login: asked first.
      try {
        await cookieLogin.sessions.ensureAvailable();
      } catch (err) {
        if (err instanceof CoordinationError) return sessionStoreUnavailable(res, err);
        throw err;
      }
    }
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    // The attempt takes its unit of both budgets before BroadWorks is asked: parallel guesses
    // cannot all pass the check. Only a refusal of the credentials keeps the unit.
    const admission = await deps.guard.admit(userId, address);
    if (!admission.admitted) {
      res.setHeader('Retry-After', String(admission.retryAfterSeconds));
      return sendProblem(res, 'login-locked', { detail: 'too many failed logins; try again later' });
    }
    const { attempt } = admission;
    const requestId = requestIdOf(res);
    let principal: Principal;
    try {
      const info = await deps.verifier.verifyCredentials(userId, password);
      principal = await principalFromLogin(info, deps.executor, requestId);
    } catch (err) {
      if (isOciError(err) && err.kind === 'login-failed') {
        await attempt.failed();
        deps.logger?.warn({ requestId, event: 'login-failed', userId, address }, 'login refused by BroadWorks');
        res.setHeader('WWW-Authenticate', bearerChallenge());
        return sendProblem(res, 'unauthorized', { detail: 'user id or password is wrong' });
      }
      // BroadWorks unavailable, an unreadable reply, a login type not served, anything else:
      // not a guess that failed, so an outage never locks an account or an address.
      await attempt.refund();
      if (isOciError(err)) {
        if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
        return sendProblem(res, 'backend-unavailable', { detail: 'BroadWorks cannot be reached to verify the login' });
      }
      if (err instanceof LoginRefusedError) {
        deps.logger?.warn({ requestId, event: 'login-refused', userId }, err.message);
        return sendProblem(res, 'forbidden', { detail: err.message });
      }
      if (err instanceof LoginReplyError) {
        deps.logger?.error({ requestId, event: 'login-bad-reply', userId }, err.message);
        return sendProblem(res, 'bad-backend-reply', { detail: err.message });
      }
      throw err;
    }
    await attempt.succeeded();
    // 'level' would clash with pino's own level field.
    deps.logger?.info({ requestId, event: 'login', userId, principalLevel: principal.level }, 'login');
    const refreshExpSec = Math.floor(deps.now() / 1000) + deps.refreshTtlSeconds;
    const sessionId = randomUUID();
    const refreshId = randomUUID();
    try {
      await deps.sessions.start(sessionId, refreshId, refreshExpSec);
    } catch (err) {
      if (!(err instanceof CoordinationError)) throw err;
      // Not fatal: the first refresh of an unknown session adopts its token as the current one.
      deps.logger?.warn({ requestId, event: 'login-session-unrecorded', reason: err.message }, err.message);
    }
    if (cookieLogin) {
      const secure = cookieIsSecure(req, cookieLogin.publicUrl);
      try {
        // No fixation: a session named by the request is ended, never taken over.
        if (oldCookie !== undefined) await endCookieSession(oldCookie);
        if (withCookie) {
          const cookieId = mintSessionId();
          const record = { principal: JSON.stringify(principal), loginSessionId: sessionId, createdAtMs: deps.now() };
          await cookieLogin.sessions.create(sessionKeyOf(cookieId), record, cookieLogin.limits);
          setSessionCookie(res, cookieId, secure);
        } else {
          expireSessionCookie(res, secure);
        }
      } catch (err) {
        if (err instanceof CoordinationError) return sessionStoreUnavailable(res, err);
        throw err;
      }
    }
    await issuePair(res, principal, refreshExpSec, sessionId, refreshId, apioLoginMembers(principal));
  });

  /** The refresh token of the body, verified; answers 400/401 itself and returns undefined then. */
  async function refreshTokenOf(req: Request, res: Response) {
    const body = refreshBody.safeParse(req.body ?? {});
    if (!body.success) return invalidBody(res, body.error);
    const v = await deps.tokens.verifyRefresh(body.data.refreshToken);
    if (!v.ok) return tokenRefused(res, v.description);
    return v;
  }

  router.post(['/api/v1/login/refresh', '/api/v1/login/refresh/'], async (req, res) => {
    if (!deps.signer) return notImplemented(res);
    const v = await refreshTokenOf(req, res);
    if (!v) return;
    const { sessionId, tokenId } = v;
    if (!sessionId || !tokenId) return tokenRefused(res, 'invalid token');
    let refreshId: string;
    try {
      // A revoked session stays revoked: without the store (Redis down) we cannot tell, so 503.
      if (await deps.revocations.isRevoked(sessionId)) return tokenRefused(res, 'session logged out');
      // Each refresh token works once: the session's current one is swapped for a new one.
      const nextId = randomUUID();
      const rotation = await deps.sessions.rotate(sessionId, tokenId, nextId, v.expSec);
      if (rotation.kind === 'reused') {
        // An old token again, after its grace: a copy is in other hands. End the whole login.
        await deps.revocations.revoke(sessionId, v.expSec);
        deps.logger?.warn(
          { requestId: requestIdOf(res), event: 'refresh-token-reused', sub: v.principal.sub },
          'a refresh token was presented again after its rotation: the login session is ended',
        );
        return tokenRefused(res, 'refresh token already used; the login session is ended');
      }
      // Within the grace (a retried or doubled refresh): the current token again, re-signed.
      refreshId = rotation.kind === 'rotated' ? nextId : rotation.currentId;
    } catch (err) {
      if (err instanceof CoordinationError)
        return storeUnavailable(
          res,
          err,
          'the shared store (Redis) that records logouts is unreachable, so this refresh token cannot be checked against them; no tokens were issued; retry later',
        );
      throw err;
    }
    // The refresh token keeps its original expiry: refreshing never extends a session.
    await issuePair(res, v.principal, v.expSec, sessionId, refreshId);
  });

  // Logout by refresh token (body) or by cookie: the login session goes on the denylist until its
  // tokens and cookie would have expired anyway, so either way ends both, on every replica.
  router.post(['/api/v1/logout', '/api/v1/logout/'], async (req, res) => {
    if (!deps.signer) return notImplemented(res);
    const cookieId = deps.cookies ? sessionCookieOf(req) : undefined;
    const byToken =
      cookieId === undefined || (req.body as { refreshToken?: unknown } | undefined)?.refreshToken !== undefined;
    const secure = deps.cookies ? cookieIsSecure(req, deps.cookies.publicUrl) : false;
    if (cookieId !== undefined) {
      const verdict = deps.cookies!.csrf(req);
      if (!verdict.allowed) return csrfRejected(res, verdict.reason, deps.logger);
    }
    const v = byToken ? await refreshTokenOf(req, res) : undefined;
    if (byToken && !v) return;
    let sub = v?.principal.sub;
    try {
      if (v?.sessionId) await deps.revocations.revoke(v.sessionId, revokedUntil(v.expSec));
      if (cookieId !== undefined) {
        const ended = await endCookieSession(cookieId);
        if (!ended && !v) return sessionDead(res, secure);
        sub ??= ended && (JSON.parse(ended.principal) as Principal).sub;
      }
    } catch (err) {
      if (err instanceof CoordinationError)
        return storeUnavailable(
          res,
          err,
          'the shared store (Redis) that records logouts is unreachable; the logout was not recorded and the tokens and session cookie still work; retry later',
        );
      throw err;
    }
    deps.logger?.info({ requestId: requestIdOf(res), event: 'logout', by: v ? 'token' : 'cookie', sub }, 'logout');
    expireSessionCookie(res, secure);
    res.status(204).end();
  });
  /** 503 when the logout denylist cannot be read or written: the detail says which, and what did not happen. */
  function storeUnavailable(res: Response, err: CoordinationError, detail: string): void {
    deps.logger?.warn(
      { requestId: requestIdOf(res), coordinationFailure: err.kind, message: err.message },
      'logout denylist unavailable',
    );
    coordinationUnavailable(res, err, detail);
  }

  router.all(['/api/v1/login', '/api/v1/login/'], methodNotAllowed(['POST']));
  router.all(['/api/v1/login/refresh', '/api/v1/login/refresh/'], methodNotAllowed(['POST']));
  router.all(['/api/v1/logout', '/api/v1/logout/'], methodNotAllowed(['POST']));

  return router;
}

function notImplemented(res: Response): void {
  sendProblem(res, 'login-not-available', {
    detail: 'this gateway verifies tokens from an identity provider (JWKS) and cannot sign its own',
  });
}

function invalidBody(res: Response, error: z.ZodError): void {
  // Same shape as the REST layer's field errors: a JSON pointer into the body.
  const errors = error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, message: i.message }));
  sendProblem(res, 'validation-error', {
    detail: `invalid field(s): ${errors.map((e) => e.pointer).join(', ')}`,
    extras: { errors },
  });
}
