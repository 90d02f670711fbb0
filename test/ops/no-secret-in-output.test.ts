import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { startSimulator, type Simulator } from '../../src/simulator';
import { simulatorEnv, spawnGateway, type GatewayProcess } from '../helpers/gateway-process';
import { systemToken } from '../helpers/route-registry';

/**
 * A credential planted in every URL setting never appears in any output channel of the gateway
 * process: stdout, stderr, /metrics, /readyz, /healthz. OCI_URL with userinfo is refused at
 * start-up without echoing it, and so is AUTH_JWKS_URL with userinfo (fetch would refuse it);
 * REDIS_URL may carry the Redis password: used, never shown.
 */

const ROOT = join(__dirname, '..', '..');
const SECRET = 'no-secret-suite-jwt-secret-2e9a7c5f1d3b8046';
const PLANTED = ['planted-oci-7d1e', 'planted-redis-9b4c', 'planted-jwks-3f6a'];
const USERS = ['ociuser-k2', 'jwksuser-m8'];
const leaks = (text: string) => [...PLANTED, ...USERS].filter((s) => text.includes(s));
const WRITE = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive/filtering/';

function startMain(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'test', 'ops', 'helpers', 'swc-register.js'), join(ROOT, 'src', 'main.ts')],
    { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 },
  );
}

describe('credentials planted in URL settings', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
  });
  afterAll(() => sim.close());

  it.each([
    ['the primary', (plain: string, creds: string) => creds],
    ['the secondary', (plain: string, creds: string) => `${plain},${creds}`],
  ])('OCI_URL carrying user:password@ in %s is refused at start-up without echoing it', (_which, list) => {
    const creds = sim.url.replace('http://', `http://${USERS[0]}:${PLANTED[0]}@`);
    const run = startMain({
      PORT: '0',
      OCI_URL: list(sim.url, creds),
      OCI_USERNAME: 'admin',
      OCI_PASSWORD: 'admin-password',
      AUTH_JWT_SECRET: SECRET,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/OCI_URL: must not carry credentials .*OCI_USERNAME and OCI_PASSWORD/);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  it.each([
    ['a slash', `http://${USERS[0]}:${PLANTED[0]}/x@127.0.0.1:1/ProvisioningService`],
    ['a space', `tcp://${USERS[0]}:${PLANTED[0]} x@127.0.0.1:2208`],
    ['a comma', `tls://${USERS[0]}:${PLANTED[0]},x@127.0.0.1:2209`],
  ])('OCI_URL whose password holds %s is refused without echoing any of it', (_what, url) => {
    const run = startMain({
      PORT: '0',
      OCI_URL: url,
      OCI_USERNAME: 'admin',
      OCI_PASSWORD: 'p',
      AUTH_JWT_SECRET: SECRET,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/OCI_URL/);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  it('AUTH_JWKS_URL carrying user:password@ is refused at start-up without echoing it', () => {
    const run = startMain({
      PORT: '0',
      OCI_URL: sim.url,
      OCI_USERNAME: 'admin',
      OCI_PASSWORD: 'admin-password',
      AUTH_JWKS_URL: `https://${USERS[1]}:${PLANTED[2]}@keys.example.test/jwks`,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/AUTH_JWKS_URL: must not carry credentials/);
    expect(leaks(run.stdout + run.stderr)).toEqual([]);
  });

  describe('in REDIS_URL of a running gateway (and the JWKS endpoint unreachable)', () => {
    let gw: GatewayProcess;
    const bodies: string[] = [];
    beforeAll(async () => {
      gw = await spawnGateway({
        ...simulatorEnv(sim.url, SECRET),
        // Nothing listens on port 1: Redis down and the key set unreachable, so both get logged.
        REDIS_URL: `redis://:${PLANTED[1]}@127.0.0.1:1/0`,
        AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks',
        LOG_LEVEL: 'trace',
      });
      const token = await systemToken(SECRET);
      const foreign = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ4In0.c2ln';
      const calls: [string, string, Record<string, string>, string?][] = [
        ['GET', '/healthz', {}],
        ['GET', '/readyz', {}],
        ['GET', WRITE, { authorization: `Bearer ${token}` }],
        // An RS256 token: its key is looked up in the key set.
        ['GET', WRITE, { authorization: `Bearer ${foreign}` }],
        // A write with an Idempotency-Key needs Redis.
        [
          'PUT',
          WRITE,
          { authorization: `Bearer ${token}`, 'idempotency-key': 'k1', 'content-type': 'application/json' },
          '{"enableFiltering":true}',
        ],
        ['GET', '/metrics', {}],
        ['GET', '/readyz', {}],
      ];
      for (const [method, path, headers, body] of calls) {
        const res = await request(gw.base + path, { method: method as 'GET', headers, body });
        bodies.push(`${method} ${path} ${res.statusCode} ${JSON.stringify(res.headers)}\n${await res.body.text()}`);
      }
    }, 60_000);
    afterAll(() => gw?.kill());

    it('the answers were real ones (metrics and readiness served, Redis reported down)', () => {
      const all = bodies.join('\n');
      expect(all).toContain('oci_');
      expect(all).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1/);
    });

    it('no planted credential in /healthz, /readyz, /metrics or any other answer', () => {
      expect(leaks(bodies.join('\n'))).toEqual([]);
    });

    it('no planted credential on stdout or stderr', async () => {
      await gw.kill();
      expect(gw.stdout().length).toBeGreaterThan(0);
      expect(leaks(gw.stdout() + gw.stderr())).toEqual([]);
    });
  });
});
