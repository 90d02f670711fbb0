/** One environment variable the gateway reads (src/config.ts). */
export interface ConfigVariable {
  name: string;
  /** As written in the environment; '' when there is no default. */
  default: string;
  meaning: string;
}

/** Every variable of src/config.ts, with its default; docs/configuration.md mirrors this list. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', default: '8080', meaning: 'HTTP port to listen on (0 picks a free port)' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'Address to listen on; 0.0.0.0 in a container' },
  {
    name: 'OCI_URL',
    default: '',
    meaning: 'OCI-P SOAP endpoint(s): primary[,secondary]. Unset: the built-in simulator runs in-process (demo mode)',
  },
  {
    name: 'OCI_USERNAME',
    default: '',
    meaning: 'BroadWorks administrator used for the OCI sessions (required with OCI_URL)',
  },
  { name: 'OCI_PASSWORD', default: '', meaning: 'Its password (or OCI_PASSWORD_FILE; one is required with OCI_URL)' },
  { name: 'OCI_PASSWORD_FILE', default: '', meaning: 'File holding the password (Docker/Kubernetes secret)' },
  {
    name: 'OCI_LOGIN',
    default: 'auto',
    meaning: 'Login flavour: auto, 22V5 (LoginRequest22V5) or 14sp4 (AuthenticationRequest + signed password)',
  },
  {
    name: 'OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP',
    default: 'false',
    meaning: 'Allow sending the plain password over http:// (true/false/1/0); only for labs',
  },
  { name: 'OCI_CA_FILE', default: '', meaning: 'PEM file of extra CAs trusted for https:// OCI URLs' },
  { name: 'OCI_SESSIONS', default: '4', meaning: 'OCI sessions per backend in the pool (1-64)' },
  { name: 'OCI_TIMEOUT_MS', default: '10000', meaning: 'Deadline of one OCI document exchange' },
  {
    name: 'OCI_BREAKER_RESET_MS',
    default: '5000',
    meaning: 'How long the circuit breaker stays open before a trial request',
  },
  { name: 'OCI_QUEUE_MAX', default: '1000', meaning: 'Requests that may wait for a free session; beyond it: 503 busy' },
  {
    name: 'OCI_SESSION_MAX_AGE_MS',
    default: '3600000',
    meaning: 'A session is logged out and replaced after this age',
  },
  { name: 'OCI_KEEPALIVE_MS', default: '60000', meaning: 'Idle sessions are probed this often so they do not expire' },
  {
    name: 'OCI_CONNECT_TIMEOUT_MS',
    default: '1000',
    meaning:
      'Longest wait for a TCP/TLS connection to BroadWorks (at most half of OCI_TIMEOUT_MS); a backend that drops connection attempts fails this fast',
  },
  {
    name: 'AUTH_JWT_SECRET',
    default: '',
    meaning:
      'HS256 secret (>= 32 characters) for tokens; the same on every replica. Unset with no JWKS: random demo secret',
  },
  { name: 'AUTH_JWT_SECRET_FILE', default: '', meaning: 'File holding the HS256 secret' },
  {
    name: 'AUTH_JWKS_URL',
    default: '',
    meaning: 'Verify tokens of an external issuer against this JWKS instead of a shared secret',
  },
  { name: 'AUTH_ISSUER', default: '', meaning: 'Expected (and issued) token "iss"' },
  { name: 'AUTH_AUDIENCE', default: '', meaning: 'Expected (and issued) token "aud"' },
  { name: 'AUTH_ACCESS_TTL_S', default: '900', meaning: 'Lifetime of issued access tokens, seconds' },
  { name: 'AUTH_REFRESH_TTL_S', default: '86400', meaning: 'Lifetime of issued refresh tokens, seconds' },
  { name: 'RATE_LIMIT_RPS', default: '', meaning: 'Requests per second per principal, per replica; unset: no limit' },
  { name: 'CORS_ORIGINS', default: '', meaning: 'Comma-separated origins allowed by CORS; unset: no CORS headers' },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: 'fatal, error, warn, info, debug (adds the OCI commands of each request), trace or silent',
  },
  { name: 'BODY_LIMIT_BYTES', default: '65536', meaning: 'Largest JSON request body accepted' },
  {
    name: 'MEMBERSHIP_CACHE_MS',
    default: '60000',
    meaning: 'How long a user/group membership lookup is cached, per replica (0: off)',
  },
  {
    name: 'IDEMPOTENCY_TTL_S',
    default: '86400',
    meaning: 'How long the answer to a POST/PUT with an Idempotency-Key is replayed, per replica (at most 10000 keys)',
  },
  {
    name: 'SHUTDOWN_GRACE_MS',
    default: '10000',
    meaning: 'On SIGTERM/SIGINT, time allowed for in-flight requests before sockets are cut',
  },
];

function table(): string {
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length));
  return CONFIG_VARIABLES.map(
    (v) => `  ${v.name.padEnd(width)}  ${v.meaning}${v.default ? ` [default: ${v.default}]` : ''}`,
  ).join('\n');
}

/** What `--help` prints. */
export const HELP_TEXT = `OCI REST gateway: the BroadWorks Executive REST API over OCI-P.

Usage:
  node dist/src/main.js [--help]

Configuration is read from environment variables only:
${table()}

Without OCI_URL the gateway starts its built-in simulator and prints demo tokens.
Endpoints without a token: /healthz, /readyz, /metrics, /openapi.json, /docs/.
See docs/configuration.md and docs/operations.md.
`;

/** Prints HELP_TEXT when argv has --help or -h; returns true then (the caller exits 0). */
export function handleHelpFlag(
  argv: readonly string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): boolean {
  if (!argv.includes('--help') && !argv.includes('-h')) return false;
  out(HELP_TEXT);
  return true;
}
