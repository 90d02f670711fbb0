// npm run bench, the full-load table: the gateway against the job floor (bench/job-floor.mjs, at
// LOG_LEVEL=info), the express floor (bench/express-floor.mjs) and the thinnest node:http proxy
// (bench/baseline.mjs), same simulator, runs alternating per round (gateway at LOG_LEVEL=warn, gateway
// at LOG_LEVEL=info, job floor, express floor, baseline), judged on the median of the rounds. Prints
// the table as markdown, and the gateway's throughput as a fraction of each floor's (docs/benchmarks.md
// keeps the latest figures by hand).
// Env: BENCH_SECONDS (per run, default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS
// (alerting/screening, default "32,64"), BENCH_SCENARIOS (names to keep, e.g. "alerting"),
// BENCH_COMPARE (another build's main.js, measured as one more gateway at LOG_LEVEL=warn: A/B;
// BENCH_COMPARE_FLAGS replaces its V8 flags, BENCH_COMPARE_LEVEL its log level), BENCH_TARGETS
// (names to keep), BENCH_WARMUP_SECONDS (default 4), BENCH_OUT (a file to write the table to as well),
// lab instruments (bench/lab/README.md): BENCH_LEAN=1 (adds the lean gateway, bench/lab/lean-gateway.mjs),
// BENCH_DECOMPOSE=1 (two more targets, printed only: the gateway with its OCI exchanges replayed,
// bench/lab/gateway-no-exchange.mjs, and the floor answering without an exchange: where the gap is).
import { median } from './median.mjs';
import { cpuMicros, peakRssMb, start, stopAll, waitFor } from './processes.mjs';
import {
  BENCH_EXECUTIVE,
  executivePath,
  GATEWAY_V8_FLAGS,
  gatewayEnv,
  scenarioRequest,
  simulatorUrl,
  startBenchSimulator,
  systemToken,
} from './rig.mjs';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '32,64').split(',').map(Number);
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
const COMPARE = process.env.BENCH_COMPARE;
const SIM_PORT = 28208;
const EXEC = BENCH_EXECUTIVE;
const SIM_URL = simulatorUrl(SIM_PORT);
const SESSIONS = 4;

const simStats = async () => (await fetch(`http://127.0.0.1:${SIM_PORT}/__simulator/stats`)).json();

const token = await systemToken();

const scenario = (resource, c, label = '') => {
  const request = scenarioRequest(resource);
  return { name: `${request.method} ${resource}${label}`, ...request, path: executivePath(resource), c };
};
const scenarios = [
  ...CONNECTIONS.map((c) => scenario('alerting/', c)),
  ...CONNECTIONS.map((c) => scenario('screening/', c)),
  scenario('filtering/', 32, ' (2 documents)'),
].filter((s) => !ONLY || ONLY.some((o) => s.name.includes(o)));

async function load(port, s, connections, seconds = SECONDS) {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${s.path}`,
    method: s.method,
    connections,
    duration: seconds,
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
await startBenchSimulator(SIM_PORT);
// The container's V8 flags; BENCH_COMPARE_FLAGS replaces them for the compared gateway (A/B of flags).
// Access lines (info) go to /dev/null.
const gateway = (name, port, level, main = 'dist/src/main.js', flags = GATEWAY_V8_FLAGS) => ({
  name,
  port,
  proc: start(name, [...flags, main], gatewayEnv({ port, ociUrl: SIM_URL, sessions: SESSIONS, level }), undefined, {
    discardStdout: true,
  }),
});
const LEAN = 'lean gateway warn';
// BENCH_TARGETS=warn,compare (names to keep) narrows an A/B run.
const TARGETS = process.env.BENCH_TARGETS?.split(',');
const keep = (name) => !TARGETS || TARGETS.some((t) => name.includes(t));
const targets = [
  ...(keep('gateway warn') ? [gateway('gateway warn', 28080, 'warn')] : []),
  ...(keep('gateway info') ? [gateway('gateway info', 28081, 'info')] : []),
  ...(COMPARE
    ? [
        gateway(
          `compare ${process.env.BENCH_COMPARE_LEVEL ?? 'warn'}`,
          28082,
          process.env.BENCH_COMPARE_LEVEL ?? 'warn',
          COMPARE,
          process.env.BENCH_COMPARE_FLAGS?.split(' ') ?? GATEWAY_V8_FLAGS,
        ),
      ]
    : []),
  ...(process.env.BENCH_LEAN === '1' ? [gateway(LEAN, 28084, 'warn', 'bench/lab/lean-gateway.mjs')] : []),
  {
    name: 'job floor',
    port: 28087,
    proc: start(
      'job floor',
      ['bench/job-floor.mjs', '28087'],
      gatewayEnv({ port: 28087, ociUrl: SIM_URL, sessions: SESSIONS, level: 'info' }),
      undefined,
      { discardStdout: true },
    ),
  },
  {
    name: 'express floor',
    port: 28085,
    proc: start('express floor', ['bench/express-floor.mjs', '28085', SIM_URL, EXEC, String(SESSIONS)]),
  },
  { name: 'node:http baseline', port: 28090, proc: start('baseline', ['bench/baseline.mjs', '28090', SIM_URL, EXEC]) },
  ...(process.env.BENCH_DECOMPOSE === '1'
    ? [
        {
          name: 'gateway warn without exchange',
          port: 28083,
          proc: start(
            'gateway without exchange',
            [...GATEWAY_V8_FLAGS, 'bench/lab/gateway-no-exchange.mjs'],
            gatewayEnv({ port: 28083, ociUrl: SIM_URL, sessions: SESSIONS }),
            undefined,
            { discardStdout: true },
          ),
        },
        {
          name: 'floor without exchange',
          port: 28086,
          proc: start('floor without exchange', [
            'bench/express-floor.mjs',
            '28086',
            SIM_URL,
            EXEC,
            String(SESSIONS),
            '--no-exchange',
          ]),
        },
      ]
    : []),
].filter((t) => keep(t.name));
for (const t of targets) await waitFor(`http://127.0.0.1:${t.port}/healthz`);
for (const t of targets.filter((x) => x.name.includes('warn') || x.name.includes('info')))
  await waitFor(`http://127.0.0.1:${t.port}/readyz`).catch(() => undefined);

// Warm-up: membership cache, sessions, JIT, and the heap grown to its working size, at the measured
// concurrency (a 2 s warm-up at 8 connections left the gateway's first round at about twice its steady cost).
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 4);
for (const s of scenarios) for (const t of targets) await load(t.port, s, s.c, WARMUP_SECONDS);

const loadAvg = [os.loadavg()[0]];
const rows = [];
const loginsBefore = (await simStats()).logins;
let gatewayRequests = 0;
for (const s of scenarios) {
  const acc = new Map(targets.map((t) => [t.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Every other round in reverse order: no target always runs first (or right after another).
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const cpu0 = cpuMicros(t.proc.pid);
      const docs0 = (await simStats()).documents;
      const r = await load(t.port, s, s.c);
      const docs = (await simStats()).documents - docs0;
      acc.get(t.name).push({
        ...r,
        cpu: (cpuMicros(t.proc.pid) - cpu0) / Math.max(1, r.reqs),
        docs: docs / Math.max(1, r.reqs),
      });
      if (t.name.startsWith('gateway') && !t.name.includes('without exchange')) gatewayRequests += r.reqs;
    }
    loadAvg.push(os.loadavg()[0]);
  }
  const row = { scenario: s.name, c: s.c, by: {} };
  for (const [name, runs] of acc) {
    row.by[name] = {
      rps: median(runs.map((x) => x.rps)),
      p50: median(runs.map((x) => x.p50)),
      p99: median(runs.map((x) => x.p99)),
      cpu: median(runs.map((x) => x.cpu)),
      cpus: runs.map((x) => x.cpu),
      docs: median(runs.map((x) => x.docs)),
      errors: runs.reduce((a, x) => a + x.errors, 0),
    };
  }
  rows.push(row);
  process.stdout.write(
    `${s.name} c=${s.c}: ` +
      targets
        .map((t) => {
          const b = row.by[t.name];
          return `${t.name} ${b.cpu.toFixed(0)} µs/req [${b.cpus.map((x) => x.toFixed(0)).join(' ')}] p99 ${b.p99} ms`;
        })
        .join(' | ') +
      ` (load ${os.loadavg()[0].toFixed(2)})\n`,
  );
  const [gw, gwBare, fl, flBare] = [
    'gateway warn',
    'gateway warn without exchange',
    'express floor',
    'floor without exchange',
  ].map((n) => row.by[n]?.cpu);
  if ([gw, gwBare, fl, flBare].every((v) => v !== undefined))
    process.stdout.write(
      `  split (µs/req, gateway vs floor): without the exchange ${gwBare.toFixed(0)} vs ${flBare.toFixed(0)} (${(gwBare / flBare).toFixed(2)}×); ` +
        `the exchange path ${(gw - gwBare).toFixed(0)} vs ${(fl - flBare).toFixed(0)} (${((gw - gwBare) / (fl - flBare)).toFixed(2)}×)\n`,
    );
}
const logins = (await simStats()).logins - loginsBefore;
const rss = Object.fromEntries(targets.map((t) => [t.name, peakRssMb(t.proc.pid)]));
stopAll();

// A narrowed A/B run (BENCH_TARGETS) ends with the lines above.
if (!targets.some((t) => t.name === 'express floor') || !targets.some((t) => t.name === 'node:http baseline'))
  process.exit(0);
const f = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const x = (a, b) => `${f(a / b, 2)}×`;
const FLOOR = 'express floor',
  BASE = 'node:http baseline',
  JOB = 'job floor';
const gws = targets
  .map((t) => t.name)
  .filter((n) => n !== FLOOR && n !== BASE && n !== JOB && !n.includes('without exchange'));
const tableRows = rows.flatMap((r) => {
  const fl = r.by[FLOOR],
    bl = r.by[BASE];
  return gws.map(
    (g) =>
      `| ${r.scenario} | ${r.c} | ${g} | ${f(r.by[g].cpu)} | ${f(fl.cpu)} | ${f(bl.cpu)} | **${x(r.by[g].cpu, fl.cpu)}** | ${x(r.by[g].cpu, bl.cpu)} | ${x(fl.cpu, bl.cpu)} | ${f(r.by[g].p50, 1)} / ${f(r.by[g].p99, 1)} | ${f(fl.p50, 1)} / ${f(fl.p99, 1)} | ${f(bl.p50, 1)} / ${f(bl.p99, 1)} | ${x(r.by[g].p99, Math.max(1, fl.p99))} | ${f(r.by[g].rps)} / ${f(fl.rps)} / ${f(bl.rps)} | ${f(r.by[g].docs, 2)} | ${r.by[g].errors}/${fl.errors}/${bl.errors} |`,
  );
});
const worst = (pick, filter = () => true) =>
  Math.max(...rows.filter(filter).flatMap((r) => ['gateway warn', 'gateway info'].map((g) => pick(r, g))));
const cpuVsFloor = (r, g) => r.by[g].cpu / r.by[FLOOR].cpu;
const p99VsFloor = (r, g) => r.by[g].p99 / Math.max(1, r.by[FLOOR].p99);
const notFiltering = (r) => !r.scenario.includes('filtering');
const cpuWorst = worst(cpuVsFloor, notFiltering);
const p99Worst = worst(p99VsFloor, notFiltering);
const filteringWorst = worst(cpuVsFloor, (r) => !notFiltering(r));
const allWorst = worst(cpuVsFloor);
const rpsWorst = Math.min(
  ...rows.flatMap((r) =>
    ['gateway warn', 'gateway info'].filter((g) => r.by[g]).map((g) => r.by[g].rps / r.by[FLOOR].rps),
  ),
);
// Throughput of each gateway row as a fraction of a floor's, in the same scenario.
const hasJob = targets.some((t) => t.name === JOB);
const throughputRows = rows.flatMap((r) =>
  gws.map(
    (g) =>
      `| ${r.scenario} | ${r.c} | ${g} | ${f(r.by[g].rps)} / ${hasJob ? f(r.by[JOB].rps) : 'n/a'} / ${f(r.by[FLOOR].rps)} | ` +
      `${hasJob ? x(r.by[g].rps, r.by[JOB].rps) : 'n/a'} | **${x(r.by[g].rps, r.by[FLOOR].rps)}** | ` +
      `${hasJob ? `${f(r.by[JOB].cpu)} (${x(r.by[g].cpu, r.by[JOB].cpu)})` : 'n/a'} |`,
  ),
);
const rpsVsJobWorst = hasJob
  ? Math.min(
      ...rows.flatMap((r) =>
        ['gateway warn', 'gateway info'].filter((g) => r.by[g]).map((g) => r.by[g].rps / r.by[JOB].rps),
      ),
    )
  : NaN;
const leanVsFloor = rows.filter((r) => r.by[LEAN]).map((r) => r.by[LEAN].cpu / r.by[FLOOR].cpu);
const errors = rows.reduce((a, r) => a + gws.reduce((b, g) => b + r.by[g].errors, 0), 0);
const gwRss = Math.max(rss['gateway warn'], rss['gateway info']);
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${f(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; `,
  `1-minute load average during the runs ${f(Math.min(...loadAvg), 2)}–${f(Math.max(...loadAvg), 2)} (the machine is shared: figures are noisy, ratios within one round are the robust part).`,
  '',
  'Separate processes on loopback, all against the same simulator (validation off): the gateway (4 OCI sessions, metrics and auth on,',
  '`REDIS_URL` unset) once at `LOG_LEVEL=warn` and once at `LOG_LEVEL=info` (an access line per request, to /dev/null);',
  'the **express floor** (bench/express-floor.mjs: express 5, one route on the real API path, an undici Pool with 4 connections,',
  'one logged-in session, pre-built SOAP requests, no parsing, a fixed JSON reply); the **node:http baseline** (bench/baseline.mjs:',
  "the same without express, node:http agent); the **job floor** (bench/job-floor.mjs, at `LOG_LEVEL=info`: the job's",
  'irreducible work with the settled libraries: token verified and cached, path and body validated, documents built per request,',
  'the SOAP reply and the OCI document parsed, the answer mapped by hand, an access line per request); with BENCH_LEAN=1, the **lean gateway** (bench/lab/lean-gateway.mjs: the same features',
  'as the gateway, request id, security headers, auth, validation, metrics, access log, breaker, XML, in one straight-line handler per route,',
  'at `LOG_LEVEL=warn`). autocannon drives them from the bench process, with a system-level Bearer token.',
  `Per scenario, ${ROUNDS} rounds; each round runs every target for ${SECONDS} s, one after the other, in reverse order every other round (${targets.map((t) => t.name).join(', ')}).`,
  'Figures are the **median** of the rounds. CPU µs/req = utime+stime of that process (from /proc) over the run / completed requests.',
  '',
  '| scenario | conns | gateway | gateway CPU µs/req | floor CPU µs/req | baseline CPU µs/req | gateway / floor | gateway / baseline | floor / baseline | gateway p50 / p99 ms | floor p50 / p99 ms | baseline p50 / p99 ms | p99 gateway / floor | req/s gateway / floor / baseline | OCI docs/REST call | errors gw/floor/base |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...tableRows,
  '',
  `Logins at the simulator during the measured runs: ${logins} (session pool size ${SESSIONS}; ${gatewayRequests} gateway requests).`,
  `Peak RSS: ${targets.map((t) => `${t.name} ${f(rss[t.name], 1)} MB`).join(', ')}.`,
  '',
  '## Full load against the floors',
  '',
  '| scenario | conns | gateway | req/s gateway / job floor / express floor | throughput gateway ÷ job floor | throughput gateway ÷ express floor | job floor CPU µs/req (gateway ÷ job floor) |',
  '|---|---|---|---|---|---|---|',
  ...throughputRows,
  '',
  `- throughput, gateway / express floor (aim ≥ 0.5×): worst ${f(rpsWorst, 2)}× → ${verdict(rpsWorst >= 0.5)}`,
  `- throughput, gateway / job floor (reported): worst ${f(rpsVsJobWorst, 2)}×`,
  `- CPU per request, gateway / express floor (reported; the targets are judged at equal rates, bench/paired.mjs): GET alerting/ and PUT screening/ worst ${f(cpuWorst, 2)}×, GET filtering/ ${f(filteringWorst, 2)}×, every scenario ${f(allWorst, 2)}×`,
  `- p99, gateway / express floor (reported): worst ${f(p99Worst, 2)}×`,
  `- zero errors: ${errors} → ${verdict(errors === 0)}`,
  `- gateway RSS < 150 MB: ${f(gwRss, 1)} MB → ${verdict(gwRss < 150)}`,
  ...(leanVsFloor.length
    ? [
        `- for reference, the lean gateway (bench/lab/lean-gateway.mjs: the same features in one straight-line handler): ${f(Math.min(...leanVsFloor), 2)}–${f(Math.max(...leanVsFloor), 2)}× the floor`,
      ]
    : []),
  '',
  'Reproduce: `npm run bench` (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS, BENCH_SCENARIOS tune the run;',
  'BENCH_COMPARE=<other build>/dist/src/main.js adds that build as one more gateway, for A/B runs).',
  '',
];
process.stdout.write(lines.join('\n'));
const outFile = process.env.BENCH_OUT;
if (outFile && outFile !== '-') {
  writeFileSync(outFile, lines.join('\n'));
  process.stdout.write(`wrote ${outFile}\n`);
}
process.exit(0);
