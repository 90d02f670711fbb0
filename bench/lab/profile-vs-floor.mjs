// Where the gateway's CPU goes beside the express floor's: both under `node --cpu-prof`,
// one after the other, GET alerting/ at 32 connections against the same simulator; prints the main
// thread's sampled time per request and component (µs/req) for both and the difference.
// Profiler overhead inflates both (more for the gateway, which runs more JS functions): read the
// components against each other, not as absolute figures.
// Usage: node bench/lab/profile-vs-floor.mjs [seconds=8] [connections=32]
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { start, waitFor, stopAll } from '../processes.mjs';
import {
  BENCH_EXECUTIVE,
  EXIT_ON_SIGTERM,
  executivePath,
  GATEWAY_V8_FLAGS,
  gatewayEnv,
  simulatorUrl,
  startBenchSimulator,
  systemToken,
} from '../rig.mjs';

const [seconds, connections] = [Number(process.argv[2] ?? 8), Number(process.argv[3] ?? 32)];
const SIM_PORT = 28608;
const SIM = simulatorUrl(SIM_PORT);
const token = await systemToken();
await startBenchSimulator(SIM_PORT);

function component(frame) {
  const { functionName: fn, url: u } = frame;
  if (fn === '(garbage collector)') return 'GC';
  if (!u) return /writev|write|read/.test(fn) ? 'native I/O' : 'native (regexp, JSON, strings…)';
  if (u.includes('/dist/src/')) return 'src/' + u.split('/dist/src/')[1].split('/')[0].replace('.js', '');
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1] === 'router' || m[1] === 'express' ? 'express + router' : m[1];
  if (u.startsWith('node:')) {
    if (u.includes('http')) return 'node http';
    if (/stream|net|events/.test(u)) return 'node streams/net/events';
    return 'node other (crypto, timers, abort, buffer…)';
  }
  return 'other';
}

const runs = {};
for (const which of ['gateway', 'floor']) {
  const dir = mkdtempSync(join(tmpdir(), `gw-prof-${which}-`));
  const port = which === 'gateway' ? 28680 : 28685;
  const args =
    which === 'gateway'
      ? [...GATEWAY_V8_FLAGS, '--cpu-prof', `--cpu-prof-dir=${dir}`, 'dist/src/main.js']
      : [
          // The floor has no graceful shutdown: exiting on SIGTERM lets --cpu-prof write its profile.
          ...EXIT_ON_SIGTERM,
          '--cpu-prof',
          `--cpu-prof-dir=${dir}`,
          'bench/express-floor.mjs',
          String(port),
          SIM,
          BENCH_EXECUTIVE,
          '4',
        ];
  const proc = start(which, args, gatewayEnv({ port, ociUrl: SIM }), undefined, { discardStdout: true });
  await waitFor(`http://127.0.0.1:${port}/healthz`);
  const url = `http://127.0.0.1:${port}${executivePath('alerting/')}`;
  const headers = { authorization: `Bearer ${token}` };
  await autocannon({ url, connections, duration: 4, headers });
  const r = await autocannon({ url, connections, duration: seconds, headers });
  const loadEnded = Date.now();
  const exited = new Promise((res) => proc.once('exit', res));
  proc.kill('SIGTERM');
  await exited;
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  // Only the measured load: the samples that end before shutdown, `seconds` long.
  const end = prof.timeDeltas.reduce((a, b) => a + b, 0) - (Date.now() - loadEnded) * 1000;
  const parts = new Map();
  let t = 0;
  prof.samples.forEach((id, i) => {
    t += prof.timeDeltas[i];
    if (t < end - seconds * 1e6 || t > end) return;
    const frame = byId.get(id).callFrame;
    if (frame.functionName === '(idle)') return;
    const k = component(frame);
    parts.set(k, (parts.get(k) ?? 0) + prof.timeDeltas[i]);
  });
  runs[which] = { requests: r.requests.total, parts };
}
stopAll();

const perReq = (which, k) => (runs[which].parts.get(k) ?? 0) / runs[which].requests;
const keys = [...new Set([...runs.gateway.parts.keys(), ...runs.floor.parts.keys()])];
const total = (which) => keys.reduce((a, k) => a + perReq(which, k), 0);
const rows = keys.map((k) => [k, perReq('gateway', k), perReq('floor', k)]).sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
process.stdout.write(
  `GET alerting/, ${connections} connections, ${seconds} s each; main thread, µs per request under the profiler\n` +
    '| component | gateway | express floor | difference |\n|---|---|---|---|\n',
);
for (const [k, g, f] of rows.filter(([, g, f]) => g >= 1 || f >= 1))
  process.stdout.write(`| ${k} | ${g.toFixed(0)} | ${f.toFixed(0)} | ${(g - f).toFixed(0)} |\n`);
process.stdout.write(
  `| **total** | **${total('gateway').toFixed(0)}** | **${total('floor').toFixed(0)}** | **${(total('gateway') - total('floor')).toFixed(0)}** |\n`,
);
process.exit(0);
