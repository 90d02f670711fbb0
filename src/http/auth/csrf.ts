import type { Request } from 'express';

/** Methods a cross-site request may not make with the session cookie. */
const UNSAFE = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export function isUnsafeMethod(method: string): boolean {
  return UNSAFE.has(method);
}

export interface CsrfOptions {
  /** PUBLIC_URL: the gateway's own origin; unset: the request's scheme (per TRUST_PROXY) and Host. */
  publicUrl?: string;
  /** CORS_ORIGINS: only the explicitly listed ones count; `*` admits no cookie-authenticated write. */
  corsOrigins: string[];
}

export type CsrfVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether a cookie-authenticated write may go ahead: its Origin (or, without one, its Referer's
 * origin) is absent (a server-side portal), the gateway's own, or listed in CORS_ORIGINS.
 * `Origin: null` (sandboxed frames, some redirects) is refused.
 */
export function createCsrfCheck(opts: CsrfOptions): (req: Request) => CsrfVerdict {
  const listed = new Set(opts.corsOrigins.filter((o) => o !== '*').map(originOf));
  const publicOrigin = opts.publicUrl ? originOf(opts.publicUrl) : undefined;
  return (req) => {
    const origin = req.headers.origin;
    const referer = req.headers.referer;
    let from: string | undefined;
    if (origin !== undefined) {
      if (origin === 'null') return { allowed: false, reason: 'Origin: null' };
      from = originOf(origin);
    } else if (referer !== undefined) {
      from = originOf(referer);
    } else {
      return { allowed: true };
    }
    if (from === undefined) return { allowed: false, reason: 'an Origin or Referer that is not a URL' };
    const own = publicOrigin ?? originOf(`${req.protocol}://${req.get('host') ?? ''}`);
    if (from === own || listed.has(from)) return { allowed: true };
    return { allowed: false, reason: `origin ${from} is neither the gateway's own nor listed in CORS_ORIGINS` };
  };
}

/** The serialized origin of a URL (scheme, host, port; default port dropped, lower case); undefined when not a URL. */
function originOf(url: string): string | undefined {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}
