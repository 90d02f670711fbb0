// Paired runs (docs/benchmarks.md "How to reproduce"; npm run bench runs one per scenario): the gateway, an optional second
// program and the express floor loaded AT THE SAME TIME, each at the same fixed request rate, for
// several rounds. The machine's noise (a shared VM: the same run varies ±30–50 % from one minute to
// the next) then hits all of them alike, and the per-round ratios agree to about 5-10 % (repeat a run before trusting a smaller effect):
// fine enough for an A/B that bench/run.mjs, which runs targets one after the other at full load,
// cannot resolve. Equal rates also take batching out of the comparison: at full load the faster
// program serves several requests per event-loop turn and pays less per request for it.
// Env: PAIRED_RATE (req/s per program, default 400), PAIRED_ROUNDS (5), PAIRED_SECONDS (6),
// PAIRED_RESOURCE (alerting/, screening/ as a PUT, or filtering/; default alerting/), PAIRED_BASELINE=0
// (leaves out the node:http baseline, bench/baseline.mjs, loaded beside the others by default),
// PAIRED_OTHER (a second program started like dist/src/main.js, e.g. bench/lab/lean-gateway.mjs or another
// build's main.js), PAIRED_ABLATE (pieces bench/lab/ablate.mjs switches off in the second program;
// PAIRED_OTHER defaults to dist/src/main.js then).
// Usage: node bench/paired.mjs (after npm run build).
import { median } from './median.mjs';
import { pacedLoad } from './paced-load.mjs';
import { cpuMicros, start, stopAll, waitFor } from './processes.mjs';
import {
  BENCH_EXECUTIVE,
  EXIT_ON_SIGTERM,
  GATEWAY_V8_FLAGS,
  gatewayEnv,
  simulatorUrl,
  startBenchSimulator,
  systemToken,
} from './rig.mjs';

const env = process.env;
const RATE = Number(env.PAIRED_RATE ?? 400);
const ROUNDS = Number(env.PAIRED_ROUNDS ?? 5);
const SECONDS = Number(env.PAIRED_SECONDS ?? 6);
const RESOURCE = env.PAIRED_RESOURCE ?? 'alerting/';
const ABLATE = env.PAIRED_ABLATE ?? '';
const OTHER = env.PAIRED_OTHER || (ABLATE ? 'dist/src/main.js' : undefined);
const SIM_PORT = 28708;
const SIM = simulatorUrl(SIM_PORT);

await startBenchSimulator(SIM_PORT);
const token = await systemToken();
const targets = [
  { name: 'gateway', port: 28781, args: [...GATEWAY_V8_FLAGS, 'dist/src/main.js'] },
  ...(OTHER
    ? [
        {
          name: ABLATE ? `gateway without ${ABLATE}` : OTHER,
          port: 28784,
          args: [...GATEWAY_V8_FLAGS, ...(ABLATE ? ['--import', './bench/lab/ablate.mjs'] : []), OTHER],
          extra: { ABLATE },
        },
      ]
    : []),
  {
    name: 'express floor',
    port: 28782,
    args: [...EXIT_ON_SIGTERM, 'bench/express-floor.mjs', '28782', SIM, BENCH_EXECUTIVE, '4'],
  },
  ...(env.PAIRED_BASELINE !== '0'
    ? [{ name: 'node:http baseline', port: 28783, args: ['bench/baseline.mjs', '28783', SIM, BENCH_EXECUTIVE] }]
    : []),
];
for (const t of targets)
  t.proc = start(
    t.name,
    t.args,
    gatewayEnv({ port: t.port, ociUrl: SIM, extra: { ABLATE: '', ...t.extra } }),
    undefined,
    {
      discardStdout: true,
    },
  );
for (const t of targets) await waitFor(`http://127.0.0.1:${t.port}/healthz`);

const put = RESOURCE === 'screening/';
const load = (t, seconds) => pacedLoad({ port: t.port, resource: RESOURCE, token, rate: RATE, seconds });

// Warm-up: JIT, membership cache, sessions.
await Promise.all(targets.map((t) => load(t, 4)));
const cpu = new Map(targets.map((t) => [t.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const before = targets.map((t) => cpuMicros(t.proc.pid));
  const runs = await Promise.all(targets.map((t) => load(t, SECONDS)));
  targets.forEach((t, i) => {
    const failed = runs[i].errors + runs[i].non2xx;
    if (failed) throw new Error(`${t.name}: ${failed} failed requests`);
    cpu.get(t.name).push((cpuMicros(t.proc.pid) - before[i]) / runs[i].requests.total);
  });
  process.stdout.write(
    `round ${round + 1}: ${targets.map((t) => `${t.name} ${cpu.get(t.name)[round].toFixed(0)}`).join(' | ')} µs/req\n`,
  );
}
stopAll();

const floor = cpu.get('express floor');
const baseline = cpu.get('node:http baseline');
const ratioLine = (name, base, label) => {
  const r = cpu.get(name).map((v, i) => v / base[i]);
  return `${name} / ${label}: median ${median(r).toFixed(3)} [${r.map((x) => x.toFixed(2)).join(' ')}]`;
};
process.stdout.write(
  `${put ? 'PUT' : 'GET'} ${RESOURCE} at ${RATE} req/s each, ${ROUNDS} × ${SECONDS} s; median CPU µs/req: ` +
    targets.map((t) => `${t.name} ${median(cpu.get(t.name)).toFixed(0)}`).join(' | ') +
    '\n' +
    targets
      .filter((t) => t.name !== 'express floor' && t.name !== 'node:http baseline')
      .flatMap((t) => [
        ratioLine(t.name, floor, 'floor'),
        ...(baseline ? [ratioLine(t.name, baseline, 'baseline')] : []),
      ])
      .join('\n') +
    (baseline ? '\n' + ratioLine('express floor', baseline, 'baseline') : '') +
    '\n' +
    (OTHER ? ratioLine(targets[1].name, cpu.get('gateway'), 'gateway') + '\n' : ''),
);
process.exit(0);
