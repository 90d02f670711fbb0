import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { AuthConfig } from '../../config';
import type { OciCredentialVerifier, OciExecutor } from '../../oci/executor';
import { issuerLabel, type Principal } from '../principal';
import { createAuthenticate } from './authenticate';
import type { CookieSessions, LoginGuard, LoginSessions, RevocationList } from '../../coordination/stores';
import { createCookieAuthenticator } from './cookie-auth';
import { createCsrfCheck } from './csrf';
import { createLoginRouter } from './login-routes';
import { createRequireScope } from './require-scope';
import { createTokenSigner } from './sign-token';
import { createTokenVerifier } from './verify-token';

export interface AuthDeps {
  config: AuthConfig;
  verifier: OciCredentialVerifier;
  executor: OciExecutor;
  logger?: Logger;
  now?: () => number;
  /**
   * A router after the scope check applies the delegation rule (src/http/api-router.ts): a user
   * token on another user of its tenant then passes as a pending delegation instead of a 403.
   */
  delegation?: boolean;
  /*
   * The stores, from the coordination the composition root picked (in-process, or shared through
   * Redis): failed-login guard, refresh-session denylist (logout), login sessions (refresh-token
   * rotation), cookie sessions (login with `username`, ended by the denylist).
   */
  loginFailures: LoginGuard;
  revocations: RevocationList;
  loginSessions: LoginSessions;
  cookieSessions: CookieSessions;
  /** The gateway's own origin for the CSRF check (PUBLIC_URL), and whether cookies get Secure. */
  publicUrl?: string;
  /** CORS_ORIGINS: the listed origins may also write with the session cookie (`*` never). */
  corsOrigins?: string[];
}

export interface Auth {
  authenticate: RequestHandler;
  requireScope: RequestHandler;
  loginRouter: Router;
  /** Signs an access token for a principal (HS256); throws with a JWKS-only configuration. */
  issueToken(principal: Principal, ttlSeconds?: number): Promise<string>;
}

/** Builds the authentication middleware, the scope check and the login routes from one config. */
export function createAuth(deps: AuthDeps): Auth {
  const now = deps.now ?? Date.now;
  const { config } = deps;
  const tokens = createTokenVerifier({ config, now });
  const signer = config.jwtSecret
    ? createTokenSigner({ secret: config.jwtSecret, issuer: config.issuer, audience: config.audience, now })
    : undefined;
  const { loginFailures: guard, revocations } = deps;
  // Cookie sessions only where this gateway signs its own logins (none with JWKS only).
  const cookies = signer
    ? {
        sessions: deps.cookieSessions,
        limits: { idleMs: config.sessionIdleSeconds * 1000, maxMs: config.sessionMaxSeconds * 1000 },
        csrf: createCsrfCheck({ publicUrl: deps.publicUrl, corsOrigins: deps.corsOrigins ?? [] }),
        publicUrl: deps.publicUrl,
      }
    : undefined;
  const cookieAuth = cookies
    ? createCookieAuthenticator({ ...cookies, issuer: issuerLabel('secret', config.issuer), logger: deps.logger })
    : undefined;
  return {
    authenticate: createAuthenticate(tokens, cookieAuth),
    requireScope: createRequireScope({ delegation: deps.delegation }),
    loginRouter: createLoginRouter({
      verifier: deps.verifier,
      executor: deps.executor,
      tokens,
      signer,
      guard,
      revocations,
      sessions: deps.loginSessions,
      accessTtlSeconds: config.accessTtlSeconds,
      refreshTtlSeconds: config.refreshTtlSeconds,
      now,
      logger: deps.logger,
      cookies,
    }),
    async issueToken(principal, ttlSeconds = config.accessTtlSeconds) {
      if (!signer) throw new Error('tokens cannot be signed: no AUTH_JWT_SECRET (JWKS-only configuration)');
      return signer.signAccess(principal, ttlSeconds);
    },
  };
}
