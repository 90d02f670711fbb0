import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../../config';
import { freezePrincipal, issuerLabel, type Principal } from '../principal';
import { principalFromClaims, REFRESH_TYP } from './claims';
import { KeysUnavailableError, createRemoteKeySet } from './remote-key-set';
import { TokenCache } from './token-cache';

/** Tokens may be this many seconds past `exp` (or before `nbf`): clocks drift. */
export const CLOCK_TOLERANCE_S = 60;

export type VerifyOutcome =
  | {
      ok: true;
      principal: Principal;
      expSec: number;
      /** Refresh tokens: the login session (`sid`, else the token's `jti`), for revocation. */
      sessionId?: string;
      /** Refresh tokens: the token's own id (`jti`), for rotation. */
      tokenId?: string;
    }
  | { ok: false; status: 401; description: string }
  | { ok: false; status: 503; description: string; retryAfterSeconds: number };

export interface TokenVerifier {
  /** Verifies a bearer access token (cached until it expires). */
  verifyAccess(token: string): Promise<VerifyOutcome>;
  /** Verifies a refresh token issued here (HS256 with our secret, `typ` = refresh). */
  verifyRefresh(token: string): Promise<VerifyOutcome>;
}

export interface TokenVerifierOptions {
  config: AuthConfig;
  now: () => number;
  cacheSize?: number;
  /** Least time between two fetches of the JWKS (default 30 s). */
  jwksCooldownMs?: number;
}

/**
 * Builds the verifier from the auth configuration: HS256 with the shared secret and/or
 * RS256/ES256 with keys from the JWKS URL. Algorithms are listed explicitly, so `none`
 * and algorithm confusion (an HS256 token "signed" with a public key) are refused.
 */
export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const { config, now } = opts;
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
  const jwks = config.jwksUrl
    ? createRemoteKeySet(new URL(config.jwksUrl), { now, cooldownMs: opts.jwksCooldownMs })
    : undefined;
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? ['RS256', 'ES256'] : [])];
  const cache = new TokenCache(opts.cacheSize ?? 10_000, now);

  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (header.alg !== 'HS256' && jwks) return jwks(header, token);
    throw new joseErrors.JOSEAlgNotAllowed('algorithm not allowed');
  };

  async function verify(token: string, algs: string[]): Promise<{ payload: JWTPayload; alg: string } | VerifyOutcome> {
    if (algs.length === 0) return { ok: false, status: 401, description: 'no key to verify this token' };
    try {
      const { payload, protectedHeader } = await jwtVerify(token, getKey, {
        algorithms: algs,
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
        currentDate: new Date(now()),
      });
      return { payload, alg: protectedHeader.alg };
    } catch (err) {
      return failure(err);
    }
  }

  function toOutcome(payload: JWTPayload, alg: string): VerifyOutcome {
    const principal = principalFromClaims(payload);
    if (!principal) return { ok: false, status: 401, description: 'unknown level or ids missing for the level' };
    principal.issuer = issuerLabel(alg === 'HS256' ? 'secret' : 'jwks', payload.iss);
    return { ok: true, principal: freezePrincipal(principal), expSec: payload.exp! };
  }

  return {
    async verifyAccess(token) {
      const key = TokenCache.keyOf(token);
      const hit = cache.get(key);
      if (hit) return { ok: true, principal: hit.principal, expSec: Math.floor(hit.expiresAtMs / 1000) };
      const v = await verify(token, algorithms);
      if (!('payload' in v)) return v;
      if (typeof v.payload.typ === 'string' && v.payload.typ.toLowerCase() === REFRESH_TYP) {
        return { ok: false, status: 401, description: 'a refresh token is not an access token' };
      }
      const out = toOutcome(v.payload, v.alg);
      if (out.ok) cache.set(key, out.principal, out.expSec * 1000);
      return out;
    },
    async verifyRefresh(token) {
      const v = await verify(token, secret ? ['HS256'] : []);
      if (!('payload' in v)) return v;
      if (v.payload.typ !== REFRESH_TYP) return { ok: false, status: 401, description: 'not a refresh token' };
      const out = toOutcome(v.payload, v.alg);
      const jti = typeof v.payload.jti === 'string' ? v.payload.jti : undefined;
      const sid = typeof v.payload.sid === 'string' ? v.payload.sid : jti;
      return out.ok && sid ? { ...out, sessionId: sid, tokenId: jti } : out;
    },
  };
}

function failure(err: unknown): VerifyOutcome {
  if (err instanceof joseErrors.JWTExpired) return { ok: false, status: 401, description: 'token expired' };
  // The key set could not be fetched: the token may be fine, we cannot tell now.
  if (err instanceof KeysUnavailableError) {
    return { ok: false, status: 503, description: err.message, retryAfterSeconds: err.retryAfterSeconds };
  }
  if (!(err instanceof joseErrors.JOSEError)) {
    return { ok: false, status: 503, description: 'signing keys unavailable', retryAfterSeconds: 5 };
  }
  return { ok: false, status: 401, description: 'invalid token' };
}
