import { request } from 'node:http';

/** Shapes of the JSON answers the tests read, so assertions are typed rather than `any`. */

/** One entry of a problem's `errors`: a body field (pointer) or a query parameter. */
export interface FieldError {
  pointer?: string;
  parameter?: string;
  message?: string;
  detail?: string;
  /** APIO's view of BroadWorks' error, on the first item only. */
  details?: { errors: { error_code?: number; summary?: string }[] };
}

/** An RFC 9457 problem as the gateway sends it (validation problems list their fields). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  /** BroadWorks' error; the summary only for system callers. */
  ociError?: { code?: number; summary?: string; detail?: string };
}

/** A problem that lists the fields at fault. */
export type ValidationProblem = Problem & { errors: FieldError[] };

/** The pointers of a validation problem, sorted. */
export const pointers = (p: ValidationProblem): string[] => p.errors.map((e) => e.pointer ?? '').sort();

/** A login or refresh answer. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

/**
 * A JSON answer whose shape the test does not name: the problem fields typed, anything
 * else `unknown` (name the shape with a type argument to read deeper).
 */
export type AnyAnswer = Partial<Problem> & Record<string, unknown>;

/** A fetch response body as JSON of the shape the test expects (not checked: the assertions do that). */
export async function json<T = AnyAnswer>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as given (fetch would normalise dot segments). */
export function rawRequest(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
