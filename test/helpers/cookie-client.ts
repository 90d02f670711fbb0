import { request } from 'undici';

/** An answer with its Set-Cookie lines kept apart (a Headers object would join them). */
export interface CookieAnswer {
  status: number;
  headers: Record<string, string>;
  setCookie: string[];
  json: Record<string, unknown> | undefined;
}

export interface CookieRequest {
  cookie?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request as a portal with a session cookie (or a server-side client) sends it. */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  opts: CookieRequest = {},
): Promise<CookieAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie !== undefined) headers.cookie = opts.cookie;
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await request(baseUrl + path, { method: method as 'GET', headers, body });
  const text = await res.body.text();
  const raw = res.headers['set-cookie'];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') out[k] = v;
  return {
    status: res.statusCode,
    headers: out,
    setCookie: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw],
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

/** The `sessionid=…` pair a login answer set (for the Cookie header), or undefined. */
export function sessionCookie(answer: CookieAnswer): string | undefined {
  const line = answer.setCookie.find((l) => /^sessionid=[^;]+;/.test(l));
  return line?.split(';')[0];
}

/** True when the answer tells the browser to drop `sessionid`. */
export function expiresSession(answer: CookieAnswer): boolean {
  return answer.setCookie.some((l) => /^sessionid=;/.test(l) && /Max-Age=0/i.test(l));
}
