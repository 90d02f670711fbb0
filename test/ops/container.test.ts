import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { weakSecretProblem } from '../../src/config';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('container files', () => {
  it('docker-compose.yml passes dclint (offline, no Docker engine needed)', () => {
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'dclint'), ['-q', 'docker-compose.yml'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stdout + run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
  });

  it('the compose gateway talks to the compose simulator with the demo admin, listening on all interfaces', () => {
    const compose = read('docker-compose.yml');
    expect(compose).toContain('OCI_URL: http://simulator:2208/webservice/services/ProvisioningService');
    expect(compose).toContain('OCI_USERNAME: admin');
    expect(compose).toContain('OCI_PASSWORD: admin-password');
    expect(compose).toContain('HOST: 0.0.0.0');
    const secretDefault = compose.match(/AUTH_JWT_SECRET: \$\{AUTH_JWT_SECRET:-([^}]+)\}/);
    expect(secretDefault?.[1].length).toBeGreaterThanOrEqual(32);
    // The gateway accepts it (32+ characters, 16+ distinct), so `docker compose up` starts.
    expect(weakSecretProblem(secretDefault![1])).toBeUndefined();
    expect(compose).toMatch(/profiles:\s+- scale/);
  });

  it('the Dockerfile builds in two stages, drops dev dependencies, runs as non-root with a /healthz check', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM node:20-bookworm-slim/gm)).toHaveLength(2);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK[\s\S]*\/healthz/m);
  });

  it('the container, npm start, the benchmarks and bench/scale.sh run the gateway with the same V8 heap flags', () => {
    const dockerFlags = JSON.parse(read('Dockerfile').match(/^CMD (\[.*\])$/m)?.[1] ?? '[]') as string[];
    const startScript = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    const startFlags = startScript.split(' ').filter((w) => w.startsWith('--'));
    const rigFlags = [
      ...(read('bench/rig.mjs').match(/GATEWAY_V8_FLAGS = \[(.*)\]/)?.[1] ?? '').matchAll(/'([^']+)'/g),
    ].map((m) => m[1]);
    expect(dockerFlags).toEqual(['node', ...rigFlags, 'dist/src/main.js']);
    expect(startFlags).toEqual(rigFlags);
    // bench/scale.sh starts its two replicas itself (and names the command in its report).
    const scaleRuns = read('bench/scale.sh').match(/node (?:--\S+ )*dist\/src\/main\.js/g) ?? [];
    expect(scaleRuns.length).toBeGreaterThanOrEqual(2);
    for (const run of scaleRuns) expect(run).toBe(`node ${rigFlags.join(' ')} dist/src/main.js`);
    expect(rigFlags).toEqual(expect.arrayContaining(['--max-old-space-size=96', '--heap-growing-percent=200']));
  });

  it('the nginx config balances over both replicas, with the shared balancer rules', () => {
    const servers = read('deploy/nginx/gateway-replicas.conf');
    expect(servers).toMatch(/server gateway-1:8080/);
    expect(servers).toMatch(/server gateway-2:8080/);
    expect(read('deploy/nginx/nginx.conf')).toMatch(/^\s*include proxy\.conf;/m);
    expect(read('docker-compose.yml')).toContain('./deploy/nginx:/etc/nginx/gateway:ro');
    // Whether writes are ever resent is proven against a real nginx in test/e2e/balancer.e2e.test.ts.
  });
});
