// The footprint experiment (issue 17, docs/benchmarks.md): does the CPU a request costs depend on
// how much distinct code the request runs, beyond that code's own cost? The express floor runs
// with FOOTPRINT_FUNCTIONS extra small functions per request (bench/footprint-code.mjs: arithmetic
// only, no allocation) and without, alternating, at a fixed request rate (no saturation effects);
// the extra functions' own cost is measured in a tight loop in this process.
// Usage: node bench/footprint.mjs (after npm run build). FOOTPRINT_FUNCTIONS (default 300),
// FOOTPRINT_RATE (req/s, default 1500), FOOTPRINT_SECONDS (default 8), FOOTPRINT_ROUNDS (default 5).
import autocannon from 'autocannon';
import { makeFootprint } from './footprint-code.mjs';
import { median } from './median.mjs';
import { cpuMicros, start, stopAll, stopOne, waitFor } from './processes.mjs';
import { BENCH_EXECUTIVE, executivePath, simulatorUrl, startBenchSimulator, systemToken } from './rig.mjs';

const N = Number(process.env.FOOTPRINT_FUNCTIONS ?? 300);
const RATE = Number(process.env.FOOTPRINT_RATE ?? 1500);
const SECONDS = Number(process.env.FOOTPRINT_SECONDS ?? 8);
const ROUNDS = Number(process.env.FOOTPRINT_ROUNDS ?? 5);
const SIM_PORT = 28358;
const FLOOR_PORT = 28385;
const url = `http://127.0.0.1:${FLOOR_PORT}${executivePath('alerting/')}`;
const headers = { authorization: `Bearer ${await systemToken()}` };

/** µs of CPU per call of the extra functions alone, warm, in a tight loop. */
function isolatedMicros() {
  const touch = makeFootprint(N);
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += touch();
  const t0 = process.cpuUsage();
  for (let i = 0; i < 20_000; i++) sink += touch();
  const c = process.cpuUsage(t0);
  globalThis.footprintSink = sink;
  return (c.user + c.system) / 20_000;
}

async function floorRun(functions) {
  const floor = start(
    'express floor',
    ['bench/express-floor.mjs', String(FLOOR_PORT), simulatorUrl(SIM_PORT), BENCH_EXECUTIVE, '4'],
    {
      FLOOR_FOOTPRINT: String(functions),
    },
  );
  await waitFor(`http://127.0.0.1:${FLOOR_PORT}/healthz`);
  await autocannon({ url, connections: 32, duration: 3, headers, overallRate: RATE });
  const c0 = cpuMicros(floor.pid);
  const r = await autocannon({ url, connections: 32, duration: SECONDS, headers, overallRate: RATE });
  const us = (cpuMicros(floor.pid) - c0) / r.requests.total;
  await stopOne(floor);
  return { us, errors: r.errors + r.non2xx };
}

await startBenchSimulator(SIM_PORT);
const iso = isolatedMicros();
const runs = { 0: [], [N]: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const functions of round % 2 === 0 ? [0, N] : [N, 0]) {
    const { us, errors } = await floorRun(functions);
    if (errors) throw new Error(`floor answered ${errors} errors`);
    runs[functions].push(us);
  }
}
const without = median(runs[0]);
const withExtra = median(runs[N]);
console.table([
  {
    'extra functions per request': N,
    'their own cost, µs (tight loop)': iso.toFixed(1),
    'floor µs/req without': Math.round(without),
    'floor µs/req with': Math.round(withExtra),
    'added µs/req': Math.round(withExtra - without),
    'added / own cost': ((withExtra - without) / iso).toFixed(1),
    rounds: `${runs[0].map(Math.round).join(' ')} | ${runs[N].map(Math.round).join(' ')}`,
  },
]);
stopAll();
