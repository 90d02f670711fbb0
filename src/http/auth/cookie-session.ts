import { hash, randomBytes } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, Response } from 'express';

/** APIO's cookie name: a portal written against APIO keeps and sends it unchanged. */
export const SESSION_COOKIE = 'sessionid';

/** A new session id: 256 random bits, URL-safe. */
export function mintSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The key a session is stored under: the id's SHA-256, so the store never holds a usable id. */
export function sessionKeyOf(id: string): string {
  return hash('sha256', id, 'base64url');
}

/** The `sessionid` cookie the request carries, if any (the `cookie` package parses the header). */
export function sessionCookieOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header || !header.includes(SESSION_COOKIE)) return undefined;
  const value = parseCookie(header)[SESSION_COOKIE];
  return value ? value : undefined;
}

/** Secure when this request came over HTTPS (as TRUST_PROXY lets express tell) or the public URL is https. */
export function cookieIsSecure(req: Request, publicUrl: string | undefined): boolean {
  return req.secure || (publicUrl?.startsWith('https:') ?? false);
}

/** Sets the session cookie: host-only, whole site, not readable by scripts, not sent on cross-site requests. */
export function setSessionCookie(res: Response, id: string, secure: boolean): void {
  res.append(
    'Set-Cookie',
    stringifySetCookie({ name: SESSION_COOKIE, value: id, path: '/', httpOnly: true, sameSite: 'lax', secure }),
  );
}

/** Tells the browser to drop the session cookie (logout, a dead or unknown session). */
export function expireSessionCookie(res: Response, secure: boolean): void {
  res.append(
    'Set-Cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: '',
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      expires: new Date(0),
      maxAge: 0,
    }),
  );
}

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);

/**
 * The start-up warning of a gateway whose session cookies could travel in clear: it listens
 * beyond loopback, trusts no proxy (so cannot see HTTPS at a balancer) and has no https PUBLIC_URL.
 */
export function insecureCookieWarning(config: {
  host: string;
  trustProxy: boolean | number | string;
  publicUrl?: string;
}): string | undefined {
  const loopback = LOOPBACK_HOSTS.has(config.host) || config.host.startsWith('127.');
  if (loopback || config.trustProxy !== false || config.publicUrl?.startsWith('https:')) return undefined;
  return `HOST=${config.host} is not loopback, TRUST_PROXY is unset and PUBLIC_URL is not https: session cookies (login with "username") are set without Secure and may travel in clear; serve the gateway over HTTPS behind a proxy named by TRUST_PROXY, or set an https PUBLIC_URL`;
}
