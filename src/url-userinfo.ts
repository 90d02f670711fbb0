/**
 * Credentials written into a URL (`scheme://user:password@host`). The OCI transport never used
 * them (BroadWorks credentials go in OCI_USERNAME / OCI_PASSWORD), and a URL is shown in logs,
 * metrics labels and /readyz: OCI_URL refuses them, and every URL is shown without them
 * (REDIS_URL may legitimately carry the Redis password).
 */

/**
 * Why a URL setting with userinfo is refused, or undefined when it has none; `instead` says
 * where the credentials belong.
 */
export function userinfoProblem(
  url: string,
  instead = 'set them in OCI_USERNAME and OCI_PASSWORD (or OCI_PASSWORD_FILE)',
): string | undefined {
  if (!hasUserinfo(url)) return undefined;
  return `must not carry credentials (user:password@): ${instead}`;
}

function hasUserinfo(url: string): boolean {
  return withoutUserinfo(url) !== url;
}

/** The URL as it may be shown anywhere: without `user:password@`. */
export function withoutUserinfo(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  }
  if (u.username === '' && u.password === '') return url;
  u.username = '';
  u.password = '';
  return u.href;
}
