// What the bench programs start the gateway with: the simulator's provisioning URL, its admin
// login, a bench secret and a system token signed with it, and the container's V8 flags.
import { SignJWT } from 'jose';
import { start, waitFor } from './processes.mjs';

export const BENCH_SECRET = 'bench-rig-secret-7Kq2Zx9Lm4Vn8Rt3Wp6Yj1Hd5Fs0Gc';
/** As the container runs it (Dockerfile CMD, npm start; test/ops/container.test.ts keeps the three equal). */
export const GATEWAY_V8_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=8', '--heap-growing-percent=200'];

/** The SOAP endpoint of a simulator listening on `port`. */
export const simulatorUrl = (port) => `http://127.0.0.1:${port}/webservice/services/ProvisioningService`;

/** Starts the simulator CLI on `port` (XSD validation off, quiet) and waits until it answers. */
export async function startBenchSimulator(port) {
  const sim = start('simulator', ['dist/src/simulator/cli.js', '--port', String(port), '--no-validate', '--quiet']);
  await waitFor(`http://127.0.0.1:${port}/__simulator/stats`);
  return sim;
}

/** The executive of the demo data that the bench programs call. */
export const BENCH_EXECUTIVE = 'exec1@acme.example.com';
/** The scenario's request on one of BENCH_EXECUTIVE's Executive resources: screening/ is the PUT, any other a GET. */
export function scenarioRequest(resource) {
  return resource === 'screening/'
    ? { method: 'PUT', body: JSON.stringify({ enabled: true, alertType: 'Silent' }) }
    : { method: 'GET', body: undefined };
}

/** The REST path of one of BENCH_EXECUTIVE's Executive resources, e.g. `alerting/`. */
export const executivePath = (resource) =>
  `/api/v1/tenants/acme-ent/groups/acme-hq/users/${encodeURIComponent(BENCH_EXECUTIVE)}/services/executive/${resource}`;

/**
 * Node flags for a program without a SIGTERM handler of its own (the express floor): it exits
 * normally on SIGTERM, so --cpu-prof and NODE_V8_COVERAGE write their files.
 */
export const EXIT_ON_SIGTERM = ['--import', 'data:text/javascript,process.on("SIGTERM",()=>process.exit(0))'];

/** The gateway's environment against `ociUrl` (comma-separated for a secondary); `extra` adds or overrides. */
export function gatewayEnv({ port, ociUrl, sessions = 4, level = 'warn', secret = BENCH_SECRET, extra = {} }) {
  return {
    PORT: String(port),
    OCI_URL: ociUrl,
    OCI_USERNAME: 'admin',
    OCI_PASSWORD: 'admin-password',
    OCI_LOGIN: '14sp4',
    OCI_SESSIONS: String(sessions),
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: level,
    ...extra,
  };
}

/** A system-level Bearer token for the gateway started with `secret`. */
export function systemToken({ secret = BENCH_SECRET, subject = 'bench', ttl = '2h', claims = {} } = {}) {
  return new SignJWT({ level: 'system', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
