import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { shownValue } from './config-value';
import { userinfoProblem } from './url-userinfo';
import { isEncrypted, ociUrlProblem, schemeOf } from './oci/endpoint-url';

/**
 * Configuration from environment variables, validated once at start-up. A bad value
 * yields one clear message (see `loadConfig`) and the process exits non-zero.
 */

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** TRUST_PROXY: what express's `trust proxy` accepts without throwing at start-up. */
function trustProxyValid(v: string): boolean {
  if (/^(true|false|\d+)$/.test(v)) return true;
  return v.split(',').every((item) => {
    const [ip, bits, more] = item.trim().split('/');
    if (more !== undefined) return false;
    if (bits === undefined && ['loopback', 'linklocal', 'uniquelocal'].includes(ip)) return true;
    return isIP(ip) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits));
  });
}

/** PUBLIC_URL: an absolute http(s) URL a client can prefix paths with (no credentials, query or fragment). */
function publicUrlValid(v: string): boolean {
  if (!URL.canParse(v)) return false;
  const u = new URL(v);
  return (
    (u.protocol === 'http:' || u.protocol === 'https:') &&
    u.username === '' &&
    u.password === '' &&
    u.search === '' &&
    u.hash === '' &&
    !/[?#]/.test(v)
  );
}

/** 'true'/'false', a hop count, or what express accepts as a list ('loopback', '10.0.0.0/8, …'). */
function parseTrustProxy(v: string): boolean | number | string {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/** One OCI_URL entry: http(s):// (SOAP), tcp:// or tls:// (OCI-P to the AS); see ociUrlProblem. */
const ociUrl = z.string().superRefine((raw, ctx) => {
  const problem = ociUrlProblem(raw);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Every variable the gateway reads, with its validation, default and description: the one
 * source of `--help` (src/cli-help.ts) and of the table in docs/configuration.md
 * (`npm run docs:config`).
 */
export const ENV_VARIABLES = {
  PORT: int(0, 65535).default(8080).describe('HTTP port to listen on (0 picks a free port)'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Address to listen on; 0.0.0.0 in a container'),
  OCI_URL: csv
    .pipe(z.array(ociUrl).max(2, 'at most two URLs: primary, secondary'))
    .optional()
    .describe(
      'OCI-P endpoint(s): primary[,secondary], each a SOAP URL (http(s)://xsp/webservice/services/ProvisioningService) or tcp://as:port / tls://as:port straight to the Application Server (port required; its OCI-P access list must admit this host). Unset: the built-in simulator runs in-process (demo mode)',
    ),
  OCI_USERNAME: z
    .string()
    .min(1)
    .optional()
    .describe('BroadWorks administrator used for the OCI sessions (required with OCI_URL)'),
  OCI_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .describe('Its password (or OCI_PASSWORD_FILE; one is required with OCI_URL)'),
  OCI_PASSWORD_FILE: z.string().min(1).optional().describe('File holding the password (Docker/Kubernetes secret)'),
  OCI_LOGIN: z
    .enum(['auto', '22V5', '14sp4'])
    .default('auto')
    .describe(
      'Login flavour: auto (22V5 over https:// and tls://, falling back to 14sp4 on a release without it; 14sp4 over http:// and tcp://), 22V5 (LoginRequest22V5) or 14sp4 (AuthenticationRequest + signed password). 22V5 with an http:// or tcp:// URL (or the built-in simulator) is refused at start-up unless OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP=true',
    ),
  OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP: bool
    .default(false)
    .describe('Allow sending the plain password unencrypted, over http:// or tcp:// (true/false/1/0); only for labs'),
  OCI_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "PEM file of CAs trusted for https:// and tls:// OCI URLs, beside Node's own roots; must be readable at start-up",
    ),
  OCI_SESSIONS: int(1, 64).default(4).describe('OCI sessions per backend in the pool (1-64)'),
  OCI_TIMEOUT_MS: int(50, 600_000).default(10_000).describe('Deadline of one OCI document exchange'),
  OCI_BREAKER_RESET_MS: int(50, 600_000)
    .default(5_000)
    .describe('How long the circuit breaker stays open before a trial request'),
  OCI_QUEUE_MAX: int(0, 100_000)
    .default(1000)
    .describe('Requests that may wait for a free session; beyond it: 503 busy'),
  OCI_SESSION_MAX_AGE_MS: int(1000, 7 * 24 * 3600_000)
    .default(3600_000)
    .describe('A session is logged out and replaced after this age'),
  OCI_KEEPALIVE_MS: int(1000, 3600_000)
    .default(60_000)
    .describe('Idle sessions are probed this often so they do not expire'),
  OCI_RECOVERY_PROBE_MS: int(50, 600_000)
    .default(2000)
    .describe(
      'While a backend cannot serve (no logged-in session, breaker open, nothing heard within the readiness window), a keep-alive or a new login is tried about this often (jittered, per backend) without waiting for a request; after a refused login, once a minute',
    ),
  OCI_CONNECT_TIMEOUT_MS: int(100, 60_000)
    .default(1000)
    .describe(
      'Longest wait for a TCP/TLS connection to BroadWorks (at most half of OCI_TIMEOUT_MS); a backend that drops connection attempts fails this fast',
    ),
  AUTH_JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (HS256)')
    .optional()
    .describe(
      'HS256 secret (>= 32 characters, >= 16 distinct; e.g. `openssl rand -base64 48`) for tokens; the same on every replica. Unset with no JWKS: random demo secret',
    ),
  AUTH_JWT_SECRET_FILE: z.string().min(1).optional().describe('File holding the HS256 secret'),
  AUTH_JWKS_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Verify tokens of an external issuer against this JWKS instead of a shared secret'),
  AUTH_ISSUER: z.string().min(1).optional().describe('Expected (and issued) token "iss"'),
  AUTH_AUDIENCE: z.string().min(1).optional().describe('Expected (and issued) token "aud"'),
  AUTH_ACCESS_TTL_S: int(30, 86_400).default(900).describe('Lifetime of issued access tokens, seconds'),
  AUTH_REFRESH_TTL_S: int(60, 30 * 86_400)
    .default(86_400)
    .describe('Lifetime of issued refresh tokens, seconds'),
  SESSION_IDLE_S: int(60, 30 * 86_400)
    .default(1800)
    .describe('A cookie session (login with "username") ends this many seconds after its last use, on every replica'),
  SESSION_MAX_S: int(60, 30 * 86_400)
    .default(43_200)
    .describe('A cookie session ends this many seconds after its login, however often it is used'),
  RATE_LIMIT_RPS: z.coerce
    .number()
    .positive()
    .optional()
    .describe('Requests per second per principal (per replica, or fleet-wide with REDIS_URL); unset: no limit'),
  CORS_ORIGINS: csv
    .optional()
    .describe(
      'Comma-separated browser origins allowed by CORS (* = any): they may send If-Match and Idempotency-Key and read ETag; origins listed by name (not *) also get credentials and may write with the session cookie (CSRF rule); unset: no CORS headers',
    ),
  LOG_LEVEL: z
    .enum(LOG_LEVELS)
    .default('info')
    .describe('fatal, error, warn, info, debug (adds the OCI commands of each request), trace or silent'),
  BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024)
    .default(64 * 1024)
    .describe('Largest JSON request body accepted'),
  MEMBERSHIP_CACHE_MS: int(0, 60_000)
    .default(60_000)
    .describe('How long a user/group membership lookup is cached, per replica (0: off)'),
  IDEMPOTENCY_TTL_S: int(1, 7 * 86_400)
    .default(86_400)
    .describe(
      'How long the answer to a POST/PUT with an Idempotency-Key is replayed (per replica, at most 10000 keys; fleet-wide with REDIS_URL)',
    ),
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000)
    .default(20_000)
    .describe(
      'A client must send its request headers within this time, or it gets 408 and its connection is closed (at most HTTP_REQUEST_TIMEOUT_MS)',
    ),
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000)
    .default(60_000)
    .describe(
      'A client must send its whole request (headers and body) within this time, or it gets 408 and its connection is closed; the answer itself may take longer',
    ),
  HTTP_KEEPALIVE_TIMEOUT_MS: int(1000, 3_600_000)
    .default(65_000)
    .describe(
      'An idle keep-alive connection is closed after this time; keep it longer than the balancer keeps idle upstream connections (docs/operations.md)',
    ),
  SHUTDOWN_GRACE_MS: int(0, 120_000)
    .default(10_000)
    .describe('On SIGTERM/SIGINT, time allowed for in-flight requests before sockets are cut'),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional()
    .describe(
      'redis:// or rediss:// URL of a Redis shared by every replica (write lock, Idempotency-Key records, rate-limit and login counters, logout denylist, login and cookie sessions). Unset: all in-process (one replica)',
    ),
  REDIS_PASSWORD: z.string().min(1).optional().describe("Redis password (overrides the URL's; or REDIS_PASSWORD_FILE)"),
  REDIS_PASSWORD_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('File holding the Redis password (Docker/Kubernetes secret)'),
  REDIS_TIMEOUT_MS: int(10, 10_000)
    .default(250)
    .describe('Bound of every Redis command and connection attempt; slower counts as Redis unavailable'),
  PUBLIC_URL: z
    .string()
    .refine(
      publicUrlValid,
      'must be an absolute http:// or https:// URL without user:password, query or fragment (e.g. https://api.example.com)',
    )
    .optional()
    .describe(
      "The URL clients reach the gateway at (e.g. https://api.example.com behind a balancer): the OpenAPI document's server. Unset: '/', the origin the document was fetched from. Never taken from request headers",
    ),
  TRUST_PROXY: z
    .string()
    .min(1)
    .refine(
      trustProxyValid,
      'true, false, a hop count, or comma-separated addresses/subnets or loopback, linklocal, uniquelocal',
    )
    .default('false')
    .describe(
      "express 'trust proxy': true, a hop count, or addresses/subnets of the proxies (e.g. loopback, 10.0.0.0/8); sets the client address used by the login and rate limits",
    ),
};

/** One environment variable as --help and docs/configuration.md show it. */
export interface ConfigVariable {
  name: string;
  /** As written in the environment; '' when there is no default. */
  default: string;
  meaning: string;
}

/** The variables of ENV_VARIABLES in declaration order, with default and description. */
export function describeConfigVariables(): ConfigVariable[] {
  return Object.entries(ENV_VARIABLES).map(([name, schema]) => ({
    name,
    default: schema instanceof z.ZodDefault ? String(schema.def.defaultValue) : '',
    meaning: schema.description ?? '',
  }));
}

const envSchema = z.object(ENV_VARIABLES).superRefine((env, ctx) => {
  for (const url of env.OCI_URL ?? []) {
    const problem = userinfoProblem(url);
    if (problem) ctx.addIssue({ code: 'custom', path: ['OCI_URL'], message: problem });
  }
  // fetch refuses a URL with credentials: every key fetch would fail, with the cause hidden.
  const jwksProblem =
    env.AUTH_JWKS_URL && userinfoProblem(env.AUTH_JWKS_URL, 'a JWKS endpoint is fetched without credentials');
  if (jwksProblem) ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: jwksProblem });
  if (env.OCI_URL && !env.AUTH_JWT_SECRET && !env.AUTH_JWT_SECRET_FILE && !env.AUTH_JWKS_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_JWT_SECRET'],
      message:
        'OCI_URL is set, so AUTH_JWT_SECRET or AUTH_JWKS_URL is required (demo tokens are only for the built-in simulator)',
    });
  }
  if (env.OCI_URL && !env.OCI_USERNAME) {
    ctx.addIssue({ code: 'custom', path: ['OCI_USERNAME'], message: 'required when OCI_URL is set' });
  }
  if (env.OCI_URL && !env.OCI_PASSWORD && !env.OCI_PASSWORD_FILE) {
    ctx.addIssue({
      code: 'custom',
      path: ['OCI_PASSWORD'],
      message: 'OCI_PASSWORD or OCI_PASSWORD_FILE is required when OCI_URL is set',
    });
  }
  // The OCI client refuses this combination at start-up; say so here instead of with a stack.
  // Without OCI_URL the built-in simulator is served over http:// as well.
  if (env.OCI_LOGIN === '22V5' && !env.OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP) {
    // Only scheme, host and port are named: a URL may carry user:password.
    const plain = env.OCI_URL
      ? env.OCI_URL.filter((u) => !isEncrypted(u)).map((u) => `${schemeOf(u)}://${new URL(u).host}`)
      : ['the built-in simulator'];
    if (plain.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['OCI_LOGIN'],
        message: `22V5 would send the plain password over http:// or tcp:// to ${plain.join(', ')}; use https:// or tls://, OCI_LOGIN=auto or 14sp4, or set OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP=true (labs only)`,
      });
    }
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_HEADERS_TIMEOUT_MS'],
      message: `must not exceed HTTP_REQUEST_TIMEOUT_MS (${env.HTTP_REQUEST_TIMEOUT_MS})`,
    });
  }
  if (env.OCI_CA_FILE) {
    // Read now (the OCI client reads it again) so a missing file is one message, not an ENOENT stack.
    try {
      readFileSync(env.OCI_CA_FILE);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        path: ['OCI_CA_FILE'],
        message: `cannot read ${env.OCI_CA_FILE} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      });
    }
  }
});

export interface OciConfig {
  /** Backends in order of preference; empty means the built-in simulator. */
  urls: string[];
  username: string;
  password: string;
  login: 'auto' | '22V5' | '14sp4';
  allowPlainPasswordOverHttp: boolean;
  caFile?: string;
  sessions: number;
  timeoutMs: number;
  breakerResetMs: number;
  queueMax: number;
  sessionMaxAgeMs: number;
  keepAliveMs: number;
  /** Longest wait for a TCP/TLS connection (capped at half of timeoutMs). */
  connectTimeoutMs: number;
  /** Mean interval of the recovery probe (absent: no probe, e.g. a client used as a library in tests). */
  recoveryProbeMs?: number;
}

export interface AuthConfig {
  /** HS256 secret; absent with a JWKS URL. In demo mode a random one is generated. */
  jwtSecret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** True when the secret was generated at start-up (demo mode: print demo tokens). */
  demo: boolean;
  /** Cookie sessions end this long after their last use (SESSION_IDLE_S). */
  sessionIdleSeconds: number;
  /** … and this long after their login (SESSION_MAX_S). */
  sessionMaxSeconds: number;
}

export interface Config {
  port: number;
  host: string;
  /** True when no OCI_URL is set: the gateway runs its own simulator in-process. */
  simulator: boolean;
  oci: OciConfig;
  auth: AuthConfig;
  rateLimitRps?: number;
  corsOrigins: string[];
  logLevel: (typeof LOG_LEVELS)[number];
  bodyLimitBytes: number;
  membershipCacheMs: number;
  /** How long an Idempotency-Key answer is replayed, per replica. */
  idempotencyTtlSeconds: number;
  shutdownGraceMs: number;
  /** How long a client may take to send its request: headers, and the whole request; idle keep-alive time. */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number };
  /** Shared coordination state (write lock, idempotency, counters, logout denylist); absent: in-process. */
  redis?: { url: string; password?: string; timeoutMs: number };
  /** express's `trust proxy` setting (TRUST_PROXY): false, true, a hop count, or addresses/subnets. */
  trustProxy: boolean | number | string;
  /** PUBLIC_URL without a trailing slash: the OpenAPI document's server; absent: '/'. */
  publicUrl?: string;
}

/** Raised with one readable message listing every bad variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function readSecretFile(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new ConfigError(`${name}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Demo credentials of the built-in simulator (fixtures/demo-data.json). */
export const SIMULATOR_ADMIN = { username: 'admin', password: 'admin-password' } as const;

/** Reads and validates the environment. Throws ConfigError with every problem in one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, randomSecret: () => string = defaultSecret): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '');
      const raw = name ? present[name] : undefined;
      // The value as given, so a typo is visible; secrets are named, never printed.
      // (A message that already names the value, such as a file path, is left as it is.)
      const shown = raw === undefined || (raw.length > 3 && i.message.includes(raw)) ? '' : ` ${shownValue(name, raw)}`;
      return `  ${i.path.join('.') || '(env)'}: ${i.message}${shown}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const simulator = !e.OCI_URL || e.OCI_URL.length === 0;
  const password =
    e.OCI_PASSWORD ?? (e.OCI_PASSWORD_FILE ? readSecretFile(e.OCI_PASSWORD_FILE, 'OCI_PASSWORD_FILE') : undefined);
  let jwtSecret =
    e.AUTH_JWT_SECRET ??
    (e.AUTH_JWT_SECRET_FILE ? readSecretFile(e.AUTH_JWT_SECRET_FILE, 'AUTH_JWT_SECRET_FILE') : undefined);
  if (jwtSecret !== undefined && jwtSecret.length < 32)
    throw new ConfigError(
      'invalid configuration:\n  AUTH_JWT_SECRET_FILE: the secret must be at least 32 characters (HS256)',
    );
  if (jwtSecret !== undefined) {
    const weak = weakSecretProblem(jwtSecret);
    if (weak) {
      const name = e.AUTH_JWT_SECRET !== undefined ? 'AUTH_JWT_SECRET' : 'AUTH_JWT_SECRET_FILE';
      throw new ConfigError(`invalid configuration:\n  ${name}: ${weak}`);
    }
  }
  const redisPassword =
    e.REDIS_PASSWORD ??
    (e.REDIS_PASSWORD_FILE ? readSecretFile(e.REDIS_PASSWORD_FILE, 'REDIS_PASSWORD_FILE') : undefined);
  const demo = !jwtSecret && !e.AUTH_JWKS_URL;
  if (demo) jwtSecret = randomSecret();
  return {
    port: e.PORT,
    host: e.HOST,
    simulator,
    oci: {
      urls: e.OCI_URL ?? [],
      username: e.OCI_USERNAME ?? SIMULATOR_ADMIN.username,
      password: password ?? SIMULATOR_ADMIN.password,
      login: e.OCI_LOGIN,
      allowPlainPasswordOverHttp: e.OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP,
      caFile: e.OCI_CA_FILE,
      sessions: e.OCI_SESSIONS,
      timeoutMs: e.OCI_TIMEOUT_MS,
      breakerResetMs: e.OCI_BREAKER_RESET_MS,
      queueMax: e.OCI_QUEUE_MAX,
      sessionMaxAgeMs: e.OCI_SESSION_MAX_AGE_MS,
      keepAliveMs: e.OCI_KEEPALIVE_MS,
      connectTimeoutMs: e.OCI_CONNECT_TIMEOUT_MS,
      recoveryProbeMs: e.OCI_RECOVERY_PROBE_MS,
    },
    auth: {
      jwtSecret,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      accessTtlSeconds: e.AUTH_ACCESS_TTL_S,
      refreshTtlSeconds: e.AUTH_REFRESH_TTL_S,
      demo,
      sessionIdleSeconds: e.SESSION_IDLE_S,
      sessionMaxSeconds: e.SESSION_MAX_S,
    },
    rateLimitRps: e.RATE_LIMIT_RPS,
    corsOrigins: e.CORS_ORIGINS ?? [],
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    membershipCacheMs: e.MEMBERSHIP_CACHE_MS,
    idempotencyTtlSeconds: e.IDEMPOTENCY_TTL_S,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEPALIVE_TIMEOUT_MS,
    },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, password: redisPassword, timeoutMs: e.REDIS_TIMEOUT_MS } : undefined,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    publicUrl: e.PUBLIC_URL === undefined ? undefined : e.PUBLIC_URL.replace(/\/+$/, ''),
  };
}

/** Fewer distinct characters than this cannot be a random secret (one repeated word, a letter 32 times). */
const MIN_SECRET_DISTINCT_CHARACTERS = 16;

/** Why an HS256 secret is too weak to sign tokens with, or undefined (the secret itself never appears). */
export function weakSecretProblem(secret: string): string | undefined {
  if (new Set(secret).size >= MIN_SECRET_DISTINCT_CHARACTERS) return undefined;
  return `the secret has fewer than ${MIN_SECRET_DISTINCT_CHARACTERS} distinct characters, so it is guessable; generate one with: openssl rand -base64 48`;
}

function defaultSecret(): string {
  return randomBytes(32).toString('base64url');
}
