import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

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

const envSchema = z
  .object({
    PORT: int(0, 65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    OCI_URL: csv
      .pipe(z.array(z.url({ protocol: /^https?$/ })).max(2, 'at most two URLs: primary, secondary'))
      .optional(),
    OCI_USERNAME: z.string().min(1).optional(),
    OCI_PASSWORD: z.string().min(1).optional(),
    OCI_PASSWORD_FILE: z.string().min(1).optional(),
    OCI_LOGIN: z.enum(['auto', '22V5', '14sp4']).default('auto'),
    OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP: bool.default(false),
    OCI_CA_FILE: z.string().min(1).optional(),
    OCI_SESSIONS: int(1, 64).default(4),
    OCI_TIMEOUT_MS: int(50, 600_000).default(10_000),
    OCI_BREAKER_RESET_MS: int(50, 600_000).default(5_000),
    OCI_QUEUE_MAX: int(0, 100_000).default(1000),
    OCI_SESSION_MAX_AGE_MS: int(1000, 7 * 24 * 3600_000).default(3600_000),
    OCI_KEEPALIVE_MS: int(1000, 3600_000).default(60_000),
    OCI_CONNECT_TIMEOUT_MS: int(100, 60_000).default(1000),
    AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters (HS256)').optional(),
    AUTH_JWT_SECRET_FILE: z.string().min(1).optional(),
    AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    AUTH_ACCESS_TTL_S: int(30, 86_400).default(900),
    AUTH_REFRESH_TTL_S: int(60, 30 * 86_400).default(86_400),
    RATE_LIMIT_RPS: z.coerce.number().positive().optional(),
    CORS_ORIGINS: csv.optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024).default(64 * 1024),
    MEMBERSHIP_CACHE_MS: int(0, 60_000).default(60_000),
    IDEMPOTENCY_TTL_S: int(1, 7 * 86_400).default(86_400),
    SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  })
  .superRefine((env, ctx) => {
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
      // Only the origin is named: a URL may carry user:password.
      const plain = env.OCI_URL
        ? env.OCI_URL.map((u) => new URL(u))
            .filter((u) => u.protocol === 'http:')
            .map((u) => u.origin)
        : ['the built-in simulator'];
      if (plain.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['OCI_LOGIN'],
          message: `22V5 would send the plain password over http:// to ${plain.join(', ')}; use https://, OCI_LOGIN=auto or 14sp4, or set OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP=true (labs only)`,
        });
      }
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
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
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
    },
    auth: {
      jwtSecret,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      accessTtlSeconds: e.AUTH_ACCESS_TTL_S,
      refreshTtlSeconds: e.AUTH_REFRESH_TTL_S,
      demo,
    },
    rateLimitRps: e.RATE_LIMIT_RPS,
    corsOrigins: e.CORS_ORIGINS ?? [],
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    membershipCacheMs: e.MEMBERSHIP_CACHE_MS,
    idempotencyTtlSeconds: e.IDEMPOTENCY_TTL_S,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}

function defaultSecret(): string {
  return randomBytes(32).toString('base64url');
}
