/**
 * OCI_URL entries: `http(s)://host[:port]/path` for SOAP through the XSP, or
 * `tcp://host:port` / `tls://host:port` for OCI-P straight to the Application Server.
 */
export type OciScheme = 'http' | 'https' | 'tcp' | 'tls';

const SCHEMES: readonly string[] = ['http', 'https', 'tcp', 'tls'];

/** The URL's scheme without its colon, or undefined when it is not one the gateway speaks. */
export function schemeOf(url: string): OciScheme | undefined {
  const s = url.slice(0, Math.max(0, url.indexOf(':'))).toLowerCase();
  return SCHEMES.includes(s) ? (s as OciScheme) : undefined;
}

/** True when the transport encrypts (https, tls): a plain password may go there. */
export function isEncrypted(url: string): boolean {
  const s = schemeOf(url);
  return s === 'https' || s === 'tls';
}

/** True for tcp:// and tls://. */
export function isSocketUrl(url: string): boolean {
  const s = schemeOf(url);
  return s === 'tcp' || s === 'tls';
}

/**
 * Why an OCI_URL entry cannot be used, or undefined when it can. A tcp:// or tls:// URL
 * names a host and a port only: the port is required (2208 and 2209 are customary, but
 * nothing is assumed), and a path or query has no meaning on a socket, so it is refused
 * rather than ignored.
 */
export function ociUrlProblem(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a URL';
  }
  const scheme = schemeOf(raw);
  if (!scheme) return 'must be an http://, https://, tcp:// or tls:// URL';
  if (!u.hostname) return 'has no host';
  if (scheme === 'http' || scheme === 'https') return undefined;
  if (!u.port) return `${scheme}:// needs a port (e.g. ${scheme}://as.example.net:${scheme === 'tls' ? 2209 : 2208})`;
  if ((u.pathname && u.pathname !== '/') || u.search || u.hash)
    return `${scheme}:// takes host and port only, no path or query`;
  return undefined;
}

/** Host and port of a tcp:// or tls:// URL (IPv6 without its brackets). */
export function socketAddress(url: string): { host: string; port: number; tls: boolean } {
  const u = new URL(url);
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return { host, port: Number(u.port), tls: schemeOf(url) === 'tls' };
}
