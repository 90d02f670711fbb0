import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { eventually } from '../helpers/eventually';

const ROOT = join(__dirname, '..', '..');

describe('the gateway process on SIGTERM', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
  });
  afterAll(() => sim.close());

  it('When the real main receives SIGTERM, then it drains, logs its OCI sessions out and exits 0', async () => {
    const child = spawn(
      process.execPath,
      ['-r', join(__dirname, 'helpers', 'swc-register.js'), join(ROOT, 'src', 'main.ts')],
      {
        env: {
          PATH: process.env.PATH ?? '',
          PORT: '0',
          HOST: '127.0.0.1',
          OCI_URL: sim.url,
          OCI_USERNAME: 'admin',
          OCI_PASSWORD: 'admin-password',
          AUTH_JWT_SECRET: 'process-shutdown-test-secret-0123456789',
          LOG_LEVEL: 'info',
          SHUTDOWN_GRACE_MS: '5000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(out), 'the gateway to listen', {
        withinMs: 15_000,
      });
      const base = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)![1];
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      sim.clearRequestLog();
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL'); // no-op when it already exited
    }
    const messages = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(
      expect.arrayContaining(['shutdown: draining', 'shutdown: HTTP server closed', 'shutdown: OCI sessions closed']),
    );
    expect(sim.requestLog().flatMap((e) => e.commandTypes)).toContain('LogoutRequest');
  }, 30_000);
});
