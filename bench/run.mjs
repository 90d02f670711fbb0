// npm run bench: gateway vs. the thinnest possible proxy (bench/baseline.mjs), same simulator,
// alternating A B A B, at 1, 16 and 64 connections. Writes docs/benchmarks.md.
// Env: BENCH_SECONDS (per run, default 5), BENCH_ROUNDS (A/B pairs, default 2), BENCH_CONNECTIONS (e.g. "1,16,64").
import { peakRssMb, start, stopAll, waitFor } from './processes.mjs';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').map(Number);
const SIM_PORT = 28208,
  GW_PORT = 28080,
  BASE_PORT = 28090;
const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const TENANT = 'acme-ent',
  GROUP = 'acme-hq',
  EXEC = 'exec1@acme.example.com';
const SIM_URL = `http://127.0.0.1:${SIM_PORT}/webservice/services/ProvisioningService`;
const PATH = `/api/v1/tenants/${TENANT}/groups/${GROUP}/users/${encodeURIComponent(EXEC)}/services/executive`;
const SESSIONS = 4;

const TICK = 100; // USER_HZ on Linux
function cpuMicros(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) / TICK) * 1e6; // utime + stime
}
const simStats = async () => (await fetch(`http://127.0.0.1:${SIM_PORT}/__simulator/stats`)).json();

const token = await new SignJWT({ level: 'system' })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject('bench')
  .setExpirationTime('2h')
  .sign(new TextEncoder().encode(SECRET));

const scenarios = [
  { name: 'GET alerting/', method: 'GET', path: `${PATH}/alerting/` },
  { name: 'GET filtering/ (3 criteria)', method: 'GET', path: `${PATH}/filtering/` },
  {
    name: 'PUT screening/',
    method: 'PUT',
    path: `${PATH}/screening/`,
    body: JSON.stringify({ enabled: true, alertType: 'Silent' }),
  },
];

async function load(port, s, connections) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${s.path}`,
    method: s.method,
    connections,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: s.body,
  });
  return {
    reqs: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + (r.non2xx ?? 0),
  };
}

// Stopped with every other child by stopAll().
start('simulator', ['dist/src/simulator/cli.js', '--port', String(SIM_PORT), '--no-validate', '--quiet']);
await waitFor(`http://127.0.0.1:${SIM_PORT}/__simulator/stats`);
// Same V8 flags as the container (Dockerfile CMD).
const gw = start('gateway', ['--max-old-space-size=96', 'dist/src/main.js'], {
  PORT: String(GW_PORT),
  OCI_URL: SIM_URL,
  OCI_USERNAME: 'admin',
  OCI_PASSWORD: 'admin-password',
  OCI_LOGIN: '14sp4',
  OCI_SESSIONS: String(SESSIONS),
  AUTH_JWT_SECRET: SECRET,
  LOG_LEVEL: 'warn',
});
const base = start('baseline', ['bench/baseline.mjs', String(BASE_PORT), SIM_URL, EXEC]);
await waitFor(`http://127.0.0.1:${GW_PORT}/healthz`);
await waitFor(`http://127.0.0.1:${BASE_PORT}/healthz`);
await waitFor(`http://127.0.0.1:${GW_PORT}/readyz`).catch(() => undefined);

// Warm-up: membership cache, sessions, JIT.
for (const s of scenarios) {
  await load(GW_PORT, { ...s }, 8);
  await load(BASE_PORT, s, 8);
}

const rows = [];
const loginsBefore = (await simStats()).logins;
let totalGatewayRequests = 0;
for (const s of scenarios) {
  for (const c of CONNECTIONS) {
    const acc = { A: [], B: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [side, port, pid] of [
        ['A', GW_PORT, gw.pid],
        ['B', BASE_PORT, base.pid],
      ]) {
        const cpu0 = cpuMicros(pid);
        const docs0 = (await simStats()).documents;
        const r = await load(port, s, c);
        const docs = (await simStats()).documents - docs0;
        acc[side].push({
          ...r,
          cpuPerReq: (cpuMicros(pid) - cpu0) / Math.max(1, r.reqs),
          docsPerReq: docs / Math.max(1, r.reqs),
        });
        if (side === 'A') totalGatewayRequests += r.reqs;
      }
    }
    const avg = (xs, k) => xs.reduce((a, x) => a + x[k], 0) / xs.length;
    const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
    const row = { scenario: s.name, connections: c };
    for (const side of ['A', 'B']) {
      row[side] = {
        rps: avg(acc[side], 'rps'),
        p50: avg(acc[side], 'p50'),
        p99: avg(acc[side], 'p99'),
        cpu: avg(acc[side], 'cpuPerReq'),
        docs: avg(acc[side], 'docsPerReq'),
        errors: sum(acc[side], 'errors'),
      };
    }
    rows.push(row);
    process.stdout.write(
      `${s.name} c=${c}: gateway ${row.A.rps.toFixed(0)} req/s p99 ${row.A.p99} ms ${row.A.cpu.toFixed(0)} µs/req | baseline ${row.B.rps.toFixed(0)} req/s p99 ${row.B.p99} ms ${row.B.cpu.toFixed(0)} µs/req\n`,
    );
  }
}
const logins = (await simStats()).logins - loginsBefore;
const rss = { gateway: peakRssMb(gw.pid), baseline: peakRssMb(base.pid) };
stopAll();

const f = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${f(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  `Simulator (validation off), gateway (${SESSIONS} OCI sessions, LOG_LEVEL=warn) and baseline are separate processes on loopback; autocannon drives them from this process,`,
  `${SECONDS} s per run, ${ROUNDS} gateway/baseline pairs alternating A B A B per cell; figures are the mean of the runs.`,
  'CPU µs/req = utime+stime of that process (from /proc) over the run, divided by completed requests.',
  'The baseline (bench/baseline.mjs) is the thinnest REST→OCI proxy: node:http, keep-alive agent, one session, pre-built request buffers, no parsing, a fixed JSON reply.',
  '',
  '| scenario | conns | gateway req/s | baseline req/s | gateway p50 / p99 ms | baseline p50 / p99 ms | gateway CPU µs/req | baseline CPU µs/req | CPU ratio | p99 ratio | OCI docs/REST call | errors (gw/base) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.scenario} | ${r.connections} | ${f(r.A.rps)} | ${f(r.B.rps)} | ${f(r.A.p50, 1)} / ${f(r.A.p99, 1)} | ${f(r.B.p50, 1)} / ${f(r.B.p99, 1)} | ${f(r.A.cpu)} | ${f(r.B.cpu)} | ${f(r.A.cpu / r.B.cpu, 2)}× | ${f(r.A.p99 / Math.max(1, r.B.p99), 2)}× | ${f(r.A.docs, 2)} | ${r.A.errors}/${r.B.errors} |`,
  ),
  '',
  `Logins at the simulator during the measured runs: ${logins} (session pool size ${SESSIONS}; ${totalGatewayRequests} gateway requests).`,
  `Peak RSS: gateway ${f(rss.gateway, 1)} MB, baseline ${f(rss.baseline, 1)} MB.`,
  '',
  '## Targets (issue 7)',
  '',
  ...(() => {
    const al = rows.filter((r) => r.scenario.startsWith('GET alerting'));
    const cpuRatio = Math.max(...al.map((r) => r.A.cpu / r.B.cpu));
    const p99at64 = rows.filter((r) => r.connections === 64).map((r) => r.A.p99 / Math.max(1, r.B.p99));
    const errors = rows.reduce((a, r) => a + r.A.errors, 0);
    return [
      `- gateway CPU per GET alerting/ ≤ 2.5× baseline: worst ${f(cpuRatio, 2)}× → ${cpuRatio <= 2.5 ? 'met' : 'NOT met'}`,
      `- p99 at 64 connections ≤ 2.5× baseline: worst ${p99at64.length ? f(Math.max(...p99at64), 2) : 'n/a'}× → ${p99at64.length && Math.max(...p99at64) <= 2.5 ? 'met' : 'NOT met'}`,
      `- zero errors: ${errors} → ${errors === 0 ? 'met' : 'NOT met'}`,
      `- logins ≤ pool size: ${logins} ≤ ${SESSIONS} → ${logins <= SESSIONS ? 'met' : 'NOT met'}`,
      `- RSS < 150 MB: ${f(rss.gateway, 1)} MB → ${rss.gateway < 150 ? 'met' : 'NOT met'}`,
    ];
  })(),
  '',
  'Reproduce: `npm run bench` (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS tune the run).',
  '',
];
mkdirSync('docs', { recursive: true });
// The hand-written "## Profile" section (hot spots, what changed) survives a re-run.
const outFile = process.env.BENCH_OUT ?? 'docs/benchmarks.md';
const prior = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
const profileAt = prior.indexOf('\n## Profile');
writeFileSync(outFile, lines.join('\n') + (profileAt >= 0 ? '\n' + prior.slice(profileAt + 1) : ''));
process.stdout.write(`wrote ${process.env.BENCH_OUT ?? 'docs/benchmarks.md'}\n`);
process.exit(0);
