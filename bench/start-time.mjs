// node bench/start-time.mjs [DIR]: milliseconds from `npm start` to the first 200 of /healthz, on a
// tree that is already built (one `npm start` first, not counted), START_RUNS times (default 5);
// prints each run and the median. DIR (default: this repository) may be another checkout.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.mjs';

const DIR = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const RUNS = Number(process.env.START_RUNS ?? 5);

/** One `npm start`: time to the first healthy answer, then SIGTERM and wait for the exit. */
async function once() {
  const t0 = performance.now();
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: DIR,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', OCI_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => npm.once('exit', r));
  let out = '';
  // The banner is on stdout or stderr depending on the version measured: read both.
  for (const s of [npm.stdout, npm.stderr]) s.on('data', (d) => (out += d));
  try {
    for (;;) {
      if (npm.exitCode !== null) throw new Error(`npm start exited ${npm.exitCode}:\n${out}`);
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (base) {
        const ok = await fetch(`${base}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) return performance.now() - t0;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    npm.kill('SIGTERM');
    await exited;
  }
}

await once(); // builds if needed; not counted
const times = [];
for (let i = 0; i < RUNS; i++) {
  const ms = await once();
  times.push(ms);
  console.log(`run ${i + 1}: ${ms.toFixed(0)} ms`);
}
console.log(`median of ${RUNS}: ${median(times).toFixed(0)} ms to the first /healthz 200 (${DIR})`);
