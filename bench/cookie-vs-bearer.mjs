// The cost of a cookie-authenticated request against a bearer one (docs/auth.md, cookie sessions):
// one gateway process on the simulator, one login with `username` (exec1) giving both a bearer
// token and a session cookie of the same principal, then GET alerting/ at a fixed rate, bearer and
// cookie runs interleaved (ROUNDS pairs). Per run: the gateway's CPU per request (from /proc) and
// autocannon's latency percentiles. Twice: with the in-process session store, and with Redis
// (redis-server on PATH) where each cookie request is one Lua round trip.
// Usage: npm run build && node bench/cookie-vs-bearer.mjs
//   COOKIE_RATE (req/s, default 200), COOKIE_SECONDS (per run, default 8), COOKIE_ROUNDS (default 3)
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import { cpuMicros, start, stopAll, stopOne, waitFor } from './processes.mjs';
import { executivePath, gatewayEnv, simulatorUrl, startBenchSimulator } from './rig.mjs';

const RATE = Number(process.env.COOKIE_RATE ?? 200);
const SECONDS = Number(process.env.COOKIE_SECONDS ?? 8);
const ROUNDS = Number(process.env.COOKIE_ROUNDS ?? 3);
const SIM_PORT = 28691;
const PORT = 28695;
const REDIS_PORT = 28697;
const base = `http://127.0.0.1:${PORT}`;
const url = base + executivePath('alerting/');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function loginBoth() {
  const res = await fetch(`${base}/api/v1/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'exec1@acme.example.com', password: 'exec1-password' }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const { accessToken } = await res.json();
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sessionid='))
    .split(';')[0];
  return { bearer: { authorization: `Bearer ${accessToken}` }, cookie: { cookie } };
}

async function run(pid, headers) {
  const c0 = cpuMicros(pid);
  const r = await autocannon({ url, connections: 8, duration: SECONDS, overallRate: RATE, headers });
  const cpu = cpuMicros(pid) - c0;
  if (r.errors + r.non2xx > 0) throw new Error(`${r.errors + r.non2xx} failed requests`);
  return { usPerReq: cpu / r.requests.total, p50: r.latency.p50, p99: r.latency.p99, n: r.requests.total };
}

async function measure(label, extraEnv) {
  const gw = start(
    'gateway',
    ['dist/src/main.js'],
    gatewayEnv({ port: PORT, ociUrl: simulatorUrl(SIM_PORT), extra: extraEnv }),
    undefined,
    {
      discardStdout: true,
    },
  );
  await waitFor(`${base}/readyz`);
  const auth = await loginBoth();
  // Warm-up: JIT, the membership cache, the token cache.
  await autocannon({ url, connections: 8, amount: 2000, headers: auth.bearer });
  await autocannon({ url, connections: 8, amount: 2000, headers: auth.cookie });
  const rows = { bearer: [], cookie: [] };
  for (let i = 0; i < ROUNDS; i++)
    for (const kind of i % 2 === 0 ? ['bearer', 'cookie'] : ['cookie', 'bearer'])
      rows[kind].push(await run(gw.pid, auth[kind]));
  await stopOne(gw);
  for (const kind of ['bearer', 'cookie']) {
    const r = rows[kind];
    console.log(
      `${label.padEnd(11)} ${kind.padEnd(6)} CPU ${median(r.map((x) => x.usPerReq))
        .toFixed(0)
        .padStart(5)} µs/req` +
        `  p50 ${median(r.map((x) => x.p50)).toFixed(2)} ms  p99 ${median(r.map((x) => x.p99)).toFixed(2)} ms` +
        `  (${ROUNDS} runs × ${SECONDS} s at ${RATE}/s; per-run CPU µs: ${r.map((x) => x.usPerReq.toFixed(0)).join(', ')})`,
    );
  }
}

await startBenchSimulator(SIM_PORT);
const cpu = os.cpus();
console.log(
  `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.version}; medians of ${ROUNDS} runs`,
);
await measure('in-process', {});
if (spawnSync('redis-server', ['--version']).status === 0) {
  const redis = spawn(
    'redis-server',
    ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await new Promise((r) => setTimeout(r, 300));
  try {
    await measure('redis', { REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` });
  } finally {
    redis.kill('SIGTERM');
  }
} else {
  console.log('redis-server not found: the Redis run is skipped');
}
stopAll();
