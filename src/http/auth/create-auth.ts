import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { AuthConfig } from '../../config';
import type { OciCredentialVerifier, OciExecutor } from '../../oci/executor';
import { issuerLabel, type Principal } from '../principal';
import { createAuthenticate } from './authenticate';
import { MemoryRevocationList } from '../../coordination/memory-counters';
import { MemoryLoginGuard, type LoginFailureLimits } from '../../coordination/memory-login-guard';
import { MemoryLoginSessions } from '../../coordination/memory-login-sessions';
import { MemoryCookieSessions } from '../../coordination/memory-cookie-sessions';
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
  /** Overrides of the failed-login limits (5 per account, 20 per address, 15 min), in-process counter. */
  bruteForce?: LoginFailureLimits;
  /** Login guard (e.g. shared through Redis); default: in-process with `bruteForce`. */
  loginFailures?: LoginGuard;
  /** Refresh-session denylist (logout); default: in-process. */
  revocations?: RevocationList;
  /** Login sessions (refresh-token rotation); default: in-process. */
  loginSessions?: LoginSessions;
  /** Cookie sessions (login with `username`); default: in-process, ended by `revocations`. */
  cookieSessions?: CookieSessions;
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
  const guard = deps.loginFailures ?? new MemoryLoginGuard({ now, ...deps.bruteForce });
  const revocations = deps.revocations ?? new MemoryRevocationList(now);
  // Cookie sessions only where this gateway signs its own logins (none with JWKS only).
  const cookies = signer
    ? {
        sessions: deps.cookieSessions ?? new MemoryCookieSessions(revocations, now),
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
      sessions: deps.loginSessions ?? new MemoryLoginSessions({ now }),
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
