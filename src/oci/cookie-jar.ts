/**
 * The cookies of one OCI session (JSESSIONID and whatever the XSP sets). One jar per
 * session: the XSP keeps the login state in its HTTP session (reference §1a).
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  /** The Cookie header, built once per change of the jar (it is asked for on every exchange). */
  private cached: string | undefined;

  /** Stores the name=value of every Set-Cookie header; attributes are irrelevant here. */
  store(setCookie: string | string[] | undefined): void {
    if (setCookie === undefined) return;
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const pair = line.split(';', 1)[0];
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // Max-Age=0 / an empty value is how servers delete a cookie.
      if (value === '' || /;\s*max-age=0\b/i.test(line)) this.cookies.delete(name);
      else if (this.cookies.get(name) === value) continue;
      else this.cookies.set(name, value);
      this.cached = undefined;
    }
  }

  /** The Cookie request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    this.cached ??= [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return this.cached;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
