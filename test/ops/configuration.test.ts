import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, handleHelpFlag, HELP_TEXT } from '../../src/cli-help';
import { ConfigError, ENV_VARIABLES, loadConfig, type Config } from '../../src/config';
import { configurationTable, withCurrentTable } from '../../src/config-doc';
import { configErrorOf, productionEnv } from '../helpers/config-env';

const ROOT = join(__dirname, '..', '..');
const names = CONFIG_VARIABLES.map((v) => v.name).sort();

// Where each defaulted variable lands in the Config object, to check the documented default.
const CONFIG_PATH: Record<string, (c: Config) => unknown> = {
  PORT: (c) => c.port,
  HOST: (c) => c.host,
  OCI_LOGIN: (c) => c.oci.login,
  OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP: (c) => c.oci.allowPlainPasswordOverHttp,
  OCI_SESSIONS: (c) => c.oci.sessions,
  OCI_TIMEOUT_MS: (c) => c.oci.timeoutMs,
  OCI_BREAKER_RESET_MS: (c) => c.oci.breakerResetMs,
  OCI_QUEUE_MAX: (c) => c.oci.queueMax,
  OCI_SESSION_MAX_AGE_MS: (c) => c.oci.sessionMaxAgeMs,
  OCI_KEEPALIVE_MS: (c) => c.oci.keepAliveMs,
  OCI_RECOVERY_PROBE_MS: (c) => c.oci.recoveryProbeMs,
  OCI_CONNECT_TIMEOUT_MS: (c) => c.oci.connectTimeoutMs,
  AUTH_ACCESS_TTL_S: (c) => c.auth.accessTtlSeconds,
  AUTH_REFRESH_TTL_S: (c) => c.auth.refreshTtlSeconds,
  SESSION_IDLE_S: (c) => c.auth.sessionIdleSeconds,
  SESSION_MAX_S: (c) => c.auth.sessionMaxSeconds,
  LOG_LEVEL: (c) => c.logLevel,
  BODY_LIMIT_BYTES: (c) => c.bodyLimitBytes,
  MEMBERSHIP_CACHE_MS: (c) => c.membershipCacheMs,
  IDEMPOTENCY_TTL_S: (c) => c.idempotencyTtlSeconds,
  SHUTDOWN_GRACE_MS: (c) => c.shutdownGraceMs,
  HTTP_HEADERS_TIMEOUT_MS: (c) => c.http.headersTimeoutMs,
  HTTP_REQUEST_TIMEOUT_MS: (c) => c.http.requestTimeoutMs,
  HTTP_KEEPALIVE_TIMEOUT_MS: (c) => c.http.keepAliveTimeoutMs,
  REDIS_TIMEOUT_MS: () => 250, // only read with REDIS_URL (below)
  TRUST_PROXY: (c) => String(c.trustProxy),
};

/** Runs src/main.ts as a process (TypeScript compiled on the fly by swc). */
function runMain(args: string[], env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['-r', join(__dirname, 'helpers', 'swc-register.js'), join(ROOT, 'src', 'main.ts'), ...args],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 15_000,
    },
  );
}

describe('configuration reference', () => {
  it('the schema describes every variable it reads', () => {
    expect(names).toEqual(Object.keys(ENV_VARIABLES).sort());
    for (const v of CONFIG_VARIABLES) expect(`${v.name}: ${v.meaning}`).toMatch(/^[A-Z0-9_]+: \S/);
  });

  it('docs/configuration.md holds the table generated from the schema (npm run docs:config)', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
    expect(doc).toContain(configurationTable());
    expect(withCurrentTable(doc)).toBe(doc);
  });

  it('every documented default is what loadConfig yields from an empty environment', () => {
    const config = loadConfig({});
    const defaulted = CONFIG_VARIABLES.filter((v) => v.default !== '');
    expect(defaulted.map((v) => v.name).sort()).toEqual(Object.keys(CONFIG_PATH).sort());
    for (const v of defaulted) {
      const actual = CONFIG_PATH[v.name](config);
      const expected =
        typeof actual === 'number' ? Number(v.default) : typeof actual === 'boolean' ? v.default === 'true' : v.default;
      expect(`${v.name}=${String(actual)}`).toBe(`${v.name}=${String(expected)}`);
    }
  });

  it('When several values are invalid, then one ConfigError names each of them', () => {
    expect(() => loadConfig({ PORT: 'http', LOG_LEVEL: 'loud', OCI_SESSIONS: '0' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'http', LOG_LEVEL: 'loud', OCI_SESSIONS: '0' });
    } catch (err) {
      expect((err as Error).message).toMatch(/^invalid configuration:\n/);
      for (const name of ['PORT', 'LOG_LEVEL', 'OCI_SESSIONS']) expect((err as Error).message).toContain(`  ${name}: `);
    }
  });

  it('When a value is invalid, then the message quotes it; secrets and URLs with credentials are named, never printed', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(message({ PORT: '80 80' })).toContain('  PORT: ');
    expect(message({ PORT: '80 80' })).toContain('(got "80 80")');
    expect(message({ LOG_LEVEL: 'loud' })).toMatch(/LOG_LEVEL: .*\(got "loud"\)$/m);
    const secret = message({ AUTH_JWT_SECRET: 'too-short-s3cret' });
    expect(secret).toMatch(/AUTH_JWT_SECRET: .*\(value not shown: a secret\)$/m);
    expect(secret).not.toContain('s3cret');
    const url = message({
      ...{ OCI_USERNAME: 'gw', OCI_PASSWORD: 'pw' },
      OCI_URL: 'ftp://gw:hunter2@bw.example.test/ws',
    });
    expect(url).toMatch(/OCI_URL[.0-9]*: .*\(value not shown: the URL carries credentials\)$/m);
    expect(url).not.toContain('hunter2');
    const jwks = message({ AUTH_JWKS_URL: 'gopher://k:hunter2@idp.example.test/jwks' });
    expect(jwks).toContain('AUTH_JWKS_URL');
    expect(jwks).not.toContain('hunter2');
  });

  it('When the process starts with an invalid value, then it prints one clear message and exits 1', () => {
    const run = runMain([], { PORT: 'not-a-port' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'invalid configuration:',
      expect.stringMatching(/^ {2}PORT: /),
      'Run with --help for the list of variables.',
    ]);
    expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
  });

  const PRODUCTION = productionEnv('configuration-suite-secret-0123456789');

  it('When OCI_LOGIN=22V5 would send the plain password over http://, then a ConfigError names OCI_LOGIN and the override', () => {
    for (const env of [
      { ...PRODUCTION, OCI_URL: 'http://bw.example.test/webservice/services/ProvisioningService', OCI_LOGIN: '22V5' },
      // A secondary over http:// is as bad as a primary; the built-in simulator is http:// too.
      { ...PRODUCTION, OCI_URL: 'https://a.example.test/ws,http://b.example.test/ws', OCI_LOGIN: '22V5' },
      { OCI_LOGIN: '22V5' },
    ]) {
      const message = configErrorOf(env);
      expect(message).toMatch(/^invalid configuration:\n {2}OCI_LOGIN: /);
      expect(message).toContain('OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP=true');
    }
    // A URL's user:password never ends up in the message.
    const withUserInfo = configErrorOf({
      ...PRODUCTION,
      OCI_URL: 'http://me:s3cret@bw.example.test/ws',
      OCI_LOGIN: '22V5',
    });
    expect(withUserInfo).toContain('http://bw.example.test');
    expect(withUserInfo).not.toContain('s3cret');
    // The combinations the OCI client accepts stay accepted.
    for (const env of [
      {
        ...PRODUCTION,
        OCI_URL: 'http://bw.example.test/ws',
        OCI_LOGIN: '22V5',
        OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP: 'true',
      },
      { ...PRODUCTION, OCI_URL: 'https://bw.example.test/ws', OCI_LOGIN: '22V5' },
      { ...PRODUCTION, OCI_URL: 'http://bw.example.test/ws', OCI_LOGIN: 'auto' },
      { ...PRODUCTION, OCI_URL: 'http://bw.example.test/ws', OCI_LOGIN: '14sp4' },
    ]) {
      expect(configErrorOf(env)).toBe('');
    }
  });

  it('When OCI_CA_FILE cannot be read, then a ConfigError names OCI_CA_FILE; a readable file is kept as a path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-ca-'));
    try {
      const missing = join(dir, 'missing.pem');
      expect(configErrorOf({ OCI_CA_FILE: missing })).toBe(
        `invalid configuration:\n  OCI_CA_FILE: cannot read ${missing} (ENOENT)`,
      );
      expect(configErrorOf({ OCI_CA_FILE: dir })).toMatch(/OCI_CA_FILE: cannot read .* \(EISDIR\)/);
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
      expect(loadConfig({ OCI_CA_FILE: ca }).oci.caFile).toBe(ca);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('When the process starts with a plain-password login over http:// and a missing CA file, then one message naming both, exit 1, no stack', () => {
    const run = runMain([], {
      ...PRODUCTION,
      OCI_URL: 'http://127.0.0.1:9/webservice/services/ProvisioningService',
      OCI_LOGIN: '22V5',
      OCI_CA_FILE: join(ROOT, 'no-such-ca.pem'),
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'invalid configuration:',
      expect.stringMatching(/^ {2}OCI_LOGIN: .*OCI_ALLOW_PLAIN_PASSWORD_OVER_HTTP=true/),
      expect.stringMatching(/^ {2}OCI_CA_FILE: cannot read .*no-such-ca\.pem \(ENOENT\)$/),
      'Run with --help for the list of variables.',
    ]);
    expect(run.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
  });

  it('REDIS_URL selects Redis (redis:// or rediss://), its password comes from REDIS_PASSWORD(_FILE); TRUST_PROXY is parsed for express', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://:pw@cache:6380/2' }).redis).toEqual({
      url: 'redis://:pw@cache:6380/2',
      password: undefined,
      timeoutMs: 250,
    });
    const dir = mkdtempSync(join(tmpdir(), 'redis-secret-'));
    try {
      writeFileSync(join(dir, 'pw'), 's3cret\n');
      expect(
        loadConfig({ REDIS_URL: 'rediss://cache', REDIS_PASSWORD_FILE: join(dir, 'pw'), REDIS_TIMEOUT_MS: '100' })
          .redis,
      ).toEqual({ url: 'rediss://cache', password: 's3cret', timeoutMs: 100 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY/);
  });

  it('PUBLIC_URL is an absolute http(s) URL without credentials, query or fragment; kept without its trailing slash', () => {
    const refused = (value: string) => {
      try {
        loadConfig({ PUBLIC_URL: value });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    for (const bad of [
      '/gateway',
      'api.example.com',
      'ftp://api.example.com',
      'https://gw:hunter2@api.example.com',
      'https://api.example.com/?x=1',
      'https://api.example.com/#top',
      'https://api.example.com/?',
    ])
      expect([bad, refused(bad)]).toEqual([bad, expect.stringMatching(/^ {2}PUBLIC_URL: must be an absolute/m)]);
    expect(refused('https://gw:hunter2@api.example.com')).not.toContain('hunter2');
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://api.example.com/' }).publicUrl).toBe('https://api.example.com');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:8080/gw/' }).publicUrl).toBe('http://10.0.0.5:8080/gw');
    // At start-up: one message, exit 1, the credentials not printed.
    const run = runMain([], { PUBLIC_URL: 'https://gw:hunter2@api.example.com' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^ {2}PUBLIC_URL: must be an absolute .*\(value not shown: the URL carries credentials\)$/m,
    );
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('handleHelpFlag prints HELP_TEXT for --help and -h only', () => {
    const out: string[] = [];
    expect(handleHelpFlag(['--help'], (t) => out.push(t))).toBe(true);
    expect(handleHelpFlag(['-h'], (t) => out.push(t))).toBe(true);
    expect(handleHelpFlag(['--port', '80'], (t) => out.push(t))).toBe(false);
    expect(out).toEqual([HELP_TEXT, HELP_TEXT]);
    for (const name of names) expect(HELP_TEXT).toContain(name);
  });

  it('When the process starts with --help, then it prints the help and exits 0 without starting', () => {
    const run = runMain(['--help'], { PORT: 'not-a-port' });
    expect(run.stdout).toBe(HELP_TEXT);
    expect(run.status).toBe(0);
  });
});

describe('HTTP timeouts', () => {
  it('refuses a headers bound longer than the whole-request bound (node would throw at start-up)', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '70000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS \(60000\)/,
    );
    expect(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '70000', HTTP_REQUEST_TIMEOUT_MS: '70000' }).http).toEqual({
      headersTimeoutMs: 70_000,
      requestTimeoutMs: 70_000,
      keepAliveTimeoutMs: 65_000,
    });
  });
});

describe('weak HS256 secrets', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'weak-secret-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['one letter 32 times', 'x'.repeat(32)],
    ['one word repeated', 'secretsecretsecretsecretsecretsecret'],
    ['15 distinct characters', 'abcdefghijklmno'.repeat(3)],
  ])(
    '%s is refused, from AUTH_JWT_SECRET or its file, with the way to generate one and without the value',
    (_what, secret) => {
      const file = join(dir, 'jwt');
      writeFileSync(file, `${secret}\n`);
      for (const [env, name] of [
        [{ AUTH_JWT_SECRET: secret }, 'AUTH_JWT_SECRET'],
        [{ AUTH_JWT_SECRET_FILE: file }, 'AUTH_JWT_SECRET_FILE'],
      ] as const) {
        const message = configErrorOf(env);
        expect(message).toMatch(
          new RegExp(`^invalid configuration:\\n {2}${name}: .*fewer than 16 distinct characters`),
        );
        expect(message).toContain('openssl rand -base64 48');
        expect(message).not.toContain(secret.slice(0, 12));
      }
    },
  );

  it('accepts a secret as openssl rand -base64 48 makes one, and the shortest one with 16 distinct characters', () => {
    expect(
      loadConfig({ AUTH_JWT_SECRET: 'Zq3xK8vP1mW9tR4yL7nB2cH6dF0gJ5sA8eU3iO1pQ7wE9rT2yU4iO6pA1sD3fG5h' }).auth.demo,
    ).toBe(false);
    expect(loadConfig({ AUTH_JWT_SECRET: 'abcdefghijklmnop'.repeat(2) }).auth.jwtSecret).toBe(
      'abcdefghijklmnop'.repeat(2),
    );
  });
});
