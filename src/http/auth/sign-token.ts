import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Principal } from '../principal';
import { ACCESS_TYP, claimsFromPrincipal, REFRESH_TYP } from './claims';

export interface TokenSignerOptions {
  secret: string;
  issuer?: string;
  audience?: string;
  now: () => number;
}

export interface TokenSigner {
  /** An access token valid `ttlSeconds`, but never past `notAfterSec` when given. */
  signAccess(principal: Principal, ttlSeconds: number, notAfterSec?: number): Promise<string>;
  /**
   * A refresh token expiring at `expSec` (epoch seconds), carrying `sid`: the login session it
   * belongs to (kept across refreshes, so that logout can revoke the whole chain), and `jti`:
   * its own id, which the login session holds while it is the current one.
   */
  signRefresh(principal: Principal, expSec: number, sessionId: string, tokenId: string): Promise<string>;
}

/** HS256 signer for the tokens this gateway issues (login, refresh, demo tokens). */
export function createTokenSigner(opts: TokenSignerOptions): TokenSigner {
  const key = new TextEncoder().encode(opts.secret);

  async function sign(
    principal: Principal,
    typ: string,
    expSec: number,
    ids: { sid?: string; jti?: string } = {},
  ): Promise<string> {
    const { sid, jti = randomUUID() } = ids;
    const jwt = new SignJWT({ ...claimsFromPrincipal(principal), typ, ...(sid ? { sid } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.sub)
      .setIssuedAt(Math.floor(opts.now() / 1000))
      .setExpirationTime(expSec)
      // A unique id, so two tokens minted in the same second still differ.
      .setJti(jti);
    if (opts.issuer) jwt.setIssuer(opts.issuer);
    if (opts.audience) jwt.setAudience(opts.audience);
    return jwt.sign(key);
  }

  return {
    signAccess(principal, ttlSeconds, notAfterSec) {
      let exp = Math.floor(opts.now() / 1000) + ttlSeconds;
      if (notAfterSec !== undefined) exp = Math.min(exp, notAfterSec);
      return sign(principal, ACCESS_TYP, exp);
    },
    signRefresh(principal, expSec, sessionId, tokenId) {
      return sign(principal, REFRESH_TYP, expSec, { sid: sessionId, jti: tokenId });
    },
  };
}
