// CPU profile of the gateway under GET alerting/: simulator and gateway in their own
// processes, the gateway under `node --cpu-prof`, autocannon at 32 connections; prints the shares
// of the gateway's sampled time by category (self time of each sample's function).
// Usage: node bench/lab/profile.mjs [seconds=8] [connections=32] [main=dist/src/main.js]
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { start, waitFor } from '../processes.mjs';
import {
  executivePath,
  GATEWAY_V8_FLAGS,
  gatewayEnv,
  simulatorUrl,
  startBenchSimulator,
  systemToken,
} from '../rig.mjs';

const [seconds, connections, main] = [
  Number(process.argv[2] ?? 8),
  Number(process.argv[3] ?? 32),
  process.argv[4] ?? 'dist/src/main.js',
];
const SIM_PORT = 28308,
  GW_PORT = 28380;
const SIM_URL = simulatorUrl(SIM_PORT);
const url = `http://127.0.0.1:${GW_PORT}${executivePath('alerting/')}`;
const dir = mkdtempSync(join(tmpdir(), 'gw-prof-'));
const token = await systemToken();

const sim = await startBenchSimulator(SIM_PORT);
const spawnedAt = Date.now();
const gw = start(
  'gateway',
  [...GATEWAY_V8_FLAGS, '--cpu-prof', `--cpu-prof-dir=${dir}`, main],
  gatewayEnv({ port: GW_PORT, ociUrl: SIM_URL, level: process.env.LOG_LEVEL ?? 'warn' }),
  undefined,
  { discardStdout: true },
);
await waitFor(`http://127.0.0.1:${GW_PORT}/readyz`);
const headers = { authorization: `Bearer ${token}` };
await autocannon({ url, connections: 8, duration: 2, headers });
const loadFrom = Date.now() - spawnedAt; // ms after spawn: earlier samples are start-up and warm-up
const r = await autocannon({ url, connections, duration: seconds, headers });
const exited = new Promise((resolve) => gw.once('exit', resolve));
gw.kill('SIGTERM'); // graceful shutdown ends in process.exit: the profile is written then
await exited;
sim.kill('SIGTERM');

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const prof = JSON.parse(readFileSync(join(dir, file), 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
// Samples of the measured load only: the profile starts about when the process does.
const counts = new Map();
let t = 0;
prof.samples.forEach((id, i) => {
  t += prof.timeDeltas[i];
  if (t / 1000 < loadFrom || t / 1000 > loadFrom + seconds * 1000) return;
  counts.set(id, (counts.get(id) ?? 0) + 1);
});
// Inclusive time of our own functions and of the middleware (sync part: what the CPU spends in them).
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map();
for (const [id, c] of counts) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const { functionName: fn, url: u } = byId.get(cur).callFrame;
    if (
      !u.includes('/dist/src/') &&
      !/node_modules\/(helmet|body-parser|prom-client|zod|undici|opossum|pino)\//.test(u)
    )
      continue;
    const k = `${fn || '(anonymous)'} ${u.replace(/.*\/dist\/src\//, '').replace(/.*node_modules\//, '')}`;
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + c);
  }
}

function category(n) {
  const { functionName: fn, url: u } = n.callFrame;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)' || fn === '(program)') return fn;
  if (!u) {
    if (/writev|write|read|close|shutdown/i.test(fn)) return 'native I/O (writev, read)';
    if (/hash|digest|random/i.test(fn)) return 'crypto';
    return `native: ${fn}`;
  }
  // Our build first: a compared build may live under node_modules/.cache.
  if (u.includes('/dist/src/')) return `src: ${u.split('/dist/src/')[1].split('/')[0].replace('.js', '')}`;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1] === 'router' || m[1] === 'express' ? 'express + router' : m[1];
  if (u.startsWith('node:')) {
    const mod = u.slice(5);
    if (mod.includes('async_hooks') || mod.includes('async_local')) return 'node async hooks / ALS';
    if (mod.startsWith('internal/process/task_queues') || mod.includes('promise')) return 'node microtasks/promises';
    if (mod.includes('abort') || mod.includes('timers')) return 'node AbortSignal/timers';
    if (mod.includes('_http') || mod.includes('http')) return 'node http';
    if (mod.includes('stream') || mod.includes('net') || mod.includes('events')) return 'node streams/net/events';
    return `node: ${mod}`;
  }
  return u;
}
const total = [...counts.values()].reduce((a, b) => a + b, 0);
const idle = [...counts]
  .filter(([id]) => byId.get(id).callFrame.functionName === '(idle)')
  .reduce((a, [, c]) => a + c, 0);
const busy = total - idle;
const cats = new Map();
for (const [id, c] of counts) {
  const k = category(byId.get(id));
  if (k === '(idle)') continue;
  cats.set(k, (cats.get(k) ?? 0) + c);
}
process.stdout.write(
  `GET alerting/, ${connections} connections, ${seconds} s: ${r.requests.total} requests, ${(r.requests.average ?? 0).toFixed(0)} req/s, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}\n`,
);
process.stdout.write(`profile ${join(dir, file)}; shares of busy samples (${busy} of ${total}):\n`);
for (const [k, c] of [...cats].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30)))
  process.stdout.write(`| ${k} | ${((c / busy) * 100).toFixed(1)} % |\n`);
process.stdout.write('inclusive (sync) time of our functions and middleware libraries, share of busy samples:\n');
for (const [k, c] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30)))
  process.stdout.write(`| ${k} | ${((c / busy) * 100).toFixed(1)} % |\n`);
process.exit(0);
