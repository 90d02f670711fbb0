import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '../helpers/eventually';

interface Child {
  proc: ChildProcess;
  url: string;
  events: { event: string; closes?: number }[];
  stdout(): string;
  exit: Promise<number | null>;
}

async function startApp(graceMs: number): Promise<Child> {
  const proc = fork(join(__dirname, 'fixtures', 'shutdown-app.ts'), [], {
    execArgv: ['-r', join(__dirname, 'helpers', 'swc-register.js')],
    env: { ...process.env, GRACE_MS: String(graceMs) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  const events: Child['events'] = [];
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    proc.on('message', (m: { event: string; port?: number; closes?: number }) => {
      events.push(m);
      if (m.event === 'listening') resolve(m.port!);
    });
    proc.on('exit', (code) => reject(new Error(`app exited early with ${code}`)));
  });
  return { proc, url: `http://127.0.0.1:${port}`, events, stdout: () => out, exit };
}

const logLines = (c: Child) =>
  c
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { msg: string });

describe('graceful shutdown', () => {
  it('When SIGTERM arrives during a request, then new connections are refused, the request completes, OCI is closed once and the exit code is 0', async () => {
    const app = await startApp(30_000);
    const slow = fetch(`${app.url}/slow`);
    await eventually(() => app.events.some((e) => e.event === 'slow-started'), 'the slow request to arrive');
    app.proc.kill('SIGTERM');
    await eventually(() => app.stdout().includes('shutdown: draining'), 'the drain to start');
    await expect(fetch(`${app.url}/fast`)).rejects.toThrow();
    expect(app.events.some((e) => e.event === 'oci-closed')).toBe(false); // not before the request is done
    app.proc.send('release');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('slow done');
    expect(await app.exit).toBe(0);
    expect(app.events.filter((e) => e.event === 'oci-closed')).toEqual([{ event: 'oci-closed', closes: 1 }]);
    expect(logLines(app).map((l) => l.msg)).toEqual([
      'shutdown: draining',
      'shutdown: HTTP server closed',
      'shutdown: OCI sessions closed',
    ]);
  });

  it('When a request outlives the grace period, then its socket is cut and the process still exits 0 after closing OCI', async () => {
    const app = await startApp(50);
    const slow = fetch(`${app.url}/slow`);
    await eventually(() => app.events.some((e) => e.event === 'slow-started'), 'the slow request to arrive');
    app.proc.kill('SIGTERM');
    await expect(slow).rejects.toThrow();
    expect(await app.exit).toBe(0);
    expect(app.events.filter((e) => e.event === 'oci-closed')).toHaveLength(1);
    expect(logLines(app).map((l) => l.msg)).toContain('shutdown: grace period over, closing remaining connections');
  });

  it('When SIGINT arrives with only idle keep-alive connections, then they do not hold the exit', async () => {
    // A long grace: if the idle socket held server.close(), this test would hit its timeout.
    const app = await startApp(60_000);
    const res = await fetch(`${app.url}/fast`);
    expect(await res.text()).toBe('fast');
    app.proc.kill('SIGINT');
    expect(await app.exit).toBe(0);
    expect(app.events.filter((e) => e.event === 'oci-closed')).toHaveLength(1);
  });
});
