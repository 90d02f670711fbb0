// Paired runs (docs/benchmarks.md "How to reproduce"; npm run bench runs one per scenario): the gateway,
// an optional second gateway, the job floor (bench/job-floor.mjs), the express floor and the node:http
// baseline loaded AT THE SAME TIME, each at the same fixed request rate, for several rounds. The
// machine's noise (a shared VM: the same run varies ±30–50 % from one minute to the next) then hits all
// of them alike, and the per-round ratios agree to about 5-10 % (repeat a run before trusting a smaller
// effect): fine enough for an A/B that bench/run.mjs, which runs targets one after the other at full
// load, cannot resolve. Equal rates also take batching out of the comparison: at full load the faster
// program serves several requests per event-loop turn and pays less per request for it.
// The gateways and the job floor run at LOG_LEVEL=info (an access line per request, stdout discarded).
// Before measuring, the gateway and the job floor must give the same answer to the scenario (status and
// JSON body): the yardstick cannot silently do less than the job.
// Env: PAIRED_RATE (req/s per program, default 250), PAIRED_ROUNDS (8: an even number, so both start
// orders count alike), PAIRED_SECONDS (6), PAIRED_WARMUP_SECONDS (15: fresh processes need that long to
// reach their steady cost),
// PAIRED_RESOURCE (alerting/, screening/ as a PUT, or filtering/; default alerting/), PAIRED_BASELINE=0
// (leaves out the node:http baseline, bench/baseline.mjs), PAIRED_REF (a git ref of this repository,
// built into a temporary worktree by bench/ref-build.mjs and measured as the second gateway,
// `gateway@<ref>`: the paired A/B), PAIRED_OTHER (a second program started like dist/src/main.js, e.g.
// bench/lab/lean-gateway.mjs or another build's main.js), PAIRED_ABLATE (pieces bench/lab/ablate.mjs
// switches off in the second program; PAIRED_OTHER defaults to dist/src/main.js then).
// Usage: node bench/paired.mjs (after npm run build).
import { isDeepStrictEqual } from 'node:util';
import { median } from './median.mjs';
import { pacedLoad } from './paced-load.mjs';
import { cpuMicros, start, stopAll, stopOne, waitFor } from './processes.mjs';
import { buildRef } from './ref-build.mjs';
import {
  BENCH_EXECUTIVE,
  EXIT_ON_SIGTERM,
  executivePath,
  GATEWAY_V8_FLAGS,
  scenarioRequest,
  gatewayEnv,
  simulatorUrl,
  startBenchSimulator,
  systemToken,
} from './rig.mjs';

const env = process.env;
const RATE = Number(env.PAIRED_RATE ?? 250);
const ROUNDS = Number(env.PAIRED_ROUNDS ?? 8);
const SECONDS = Number(env.PAIRED_SECONDS ?? 6);
const RESOURCE = env.PAIRED_RESOURCE ?? 'alerting/';
const WARMUP_SECONDS = Number(env.PAIRED_WARMUP_SECONDS ?? 15);
const ABLATE = env.PAIRED_ABLATE ?? '';
const REF = env.PAIRED_REF ?? '';
// The target: the gateway costs at most this many times the job floor per request, at equal rates.
const JOB_FLOOR_TARGET = 1.25;
// The A/B target: no scenario more than 5 % worse than the ref.
const AB_TARGET = 1.05;
const SIM_PORT = 28708;
const SIM = simulatorUrl(SIM_PORT);

// PAIRED_REF_DIR: the ref already built there (bench/run.sh builds it once for its three runs).
const ref = REF
  ? env.PAIRED_REF_DIR
    ? { dir: env.PAIRED_REF_DIR, main: `${env.PAIRED_REF_DIR}/dist/src/main.js` }
    : buildRef(REF)
  : undefined;
const OTHER = ref?.main ?? (env.PAIRED_OTHER || (ABLATE ? 'dist/src/main.js' : undefined));
const otherName = REF ? `gateway@${REF}` : ABLATE ? `gateway without ${ABLATE}` : OTHER;

const GATEWAY = 'gateway';
const JOB_FLOOR = 'job floor';
const EXPRESS_FLOOR = 'express floor';
const BASELINE = 'node:http baseline';

await startBenchSimulator(SIM_PORT);
const token = await systemToken();
const targets = [
  { name: GATEWAY, port: 28781, args: [...GATEWAY_V8_FLAGS, 'dist/src/main.js'], level: 'info' },
  ...(OTHER
    ? [
        {
          name: otherName,
          port: 28784,
          args: [...GATEWAY_V8_FLAGS, ...(ABLATE ? ['--import', './bench/lab/ablate.mjs'] : []), OTHER],
          extra: { ABLATE },
          level: 'info',
          cwd: ref?.dir,
        },
      ]
    : []),
  { name: JOB_FLOOR, port: 28785, args: [...EXIT_ON_SIGTERM, 'bench/job-floor.mjs', '28785'], level: 'info' },
  {
    name: EXPRESS_FLOOR,
    port: 28782,
    args: [...EXIT_ON_SIGTERM, 'bench/express-floor.mjs', '28782', SIM, BENCH_EXECUTIVE, '4'],
  },
  ...(env.PAIRED_BASELINE !== '0'
    ? [{ name: BASELINE, port: 28783, args: ['bench/baseline.mjs', '28783', SIM, BENCH_EXECUTIVE] }]
    : []),
];
/**
 * Starts every target afresh. Each round runs on new processes: a process's JIT decisions can make
 * it several per cent cheaper or dearer than its twin for its whole life, a bias that rounds on the
 * same processes would repeat and that fresh processes turn into noise the median absorbs.
 */
async function startTargets(order = targets) {
  for (const t of order)
    t.proc = start(
      t.name,
      t.args,
      gatewayEnv({ port: t.port, ociUrl: SIM, level: t.level, extra: { ABLATE: '', ...t.extra } }),
      undefined,
      { discardStdout: true, cwd: t.cwd },
    );
  for (const t of targets) await waitFor(`http://127.0.0.1:${t.port}/healthz`);
}
await startTargets();

const scenario = scenarioRequest(RESOURCE);
const load = (t, seconds) => pacedLoad({ port: t.port, resource: RESOURCE, token, rate: RATE, seconds });

/** The scenario's request, sent once: its status and JSON body. */
async function answerOf(t) {
  const res = await fetch(`http://127.0.0.1:${t.port}${executivePath(RESOURCE)}`, {
    method: scenario.method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: scenario.body,
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** The first place where `a` and `b` differ, as a JSON pointer with both values. */
function firstDifference(a, b, at = '') {
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${at}/${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return isDeepStrictEqual(a, b) ? undefined : `${at || '/'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

// Equivalence: the job floor must answer what the gateway answers.
const [gatewayAnswer, floorAnswer] = [
  await answerOf(targets.find((t) => t.name === GATEWAY)),
  await answerOf(targets.find((t) => t.name === JOB_FLOOR)),
];
const difference =
  gatewayAnswer.status !== floorAnswer.status
    ? `status ${gatewayAnswer.status} vs ${floorAnswer.status}`
    : firstDifference(gatewayAnswer.body, floorAnswer.body);
if (difference || gatewayAnswer.status !== 200) {
  process.stderr.write(
    `${scenario.method} ${RESOURCE}: the gateway and the job floor answer differently (gateway vs job floor): ` +
      `${difference ?? `both ${gatewayAnswer.status}`}\n`,
  );
  process.exit(1);
}
process.stdout.write(`${scenario.method} ${RESOURCE}: the gateway and the job floor answer the same\n`);

const cpu = new Map(targets.map((t) => [t.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Every other round the programs start, and their loads begin, in the reverse order: whichever
  // goes first is favoured by a few per cent, and alternating cancels that in the median.
  const order = round % 2 ? [...targets].reverse() : targets;
  if (round > 0) {
    await Promise.all(targets.map((t) => stopOne(t.proc)));
    await startTargets(order);
  }
  // Warm-up: JIT, membership cache, sessions.
  await Promise.all(order.map((t) => load(t, WARMUP_SECONDS)));
  const before = targets.map((t) => cpuMicros(t.proc.pid));
  const loads = new Map(order.map((t) => [t, load(t, SECONDS)]));
  const runs = await Promise.all(targets.map((t) => loads.get(t)));
  targets.forEach((t, i) => {
    const failed = runs[i].errors + runs[i].non2xx;
    if (failed) throw new Error(`${t.name}: ${failed} failed requests`);
    cpu.get(t.name).push((cpuMicros(t.proc.pid) - before[i]) / runs[i].requests.total);
  });
  process.stdout.write(
    `round ${round + 1}: ${targets.map((t) => `${t.name} ${cpu.get(t.name)[round].toFixed(0)}`).join(' | ')} CPU µs/req\n`,
  );
}
stopAll();

/** Per-round ratios of `name` to `base`: their median and their spread (lowest–highest). */
function ratio(name, base) {
  const r = cpu.get(name).map((v, i) => v / cpu.get(base)[i]);
  return { median: median(r), rounds: r };
}
const ratioLine = (name, base) => {
  const { median: m, rounds } = ratio(name, base);
  return (
    `${name} / ${base}: median ${m.toFixed(3)}, spread ${Math.min(...rounds).toFixed(2)}–${Math.max(...rounds).toFixed(2)} ` +
    `[${rounds.map((x) => x.toFixed(2)).join(' ')}]`
  );
};
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const bases = [JOB_FLOOR, EXPRESS_FLOOR, BASELINE].filter((b) => cpu.has(b));
const gateways = [GATEWAY, ...(OTHER ? [otherName] : [])];
const jobFloorRatio = ratio(GATEWAY, JOB_FLOOR).median;
const lines = [
  `${scenario.method} ${RESOURCE} at ${RATE} req/s each, ${ROUNDS} × ${SECONDS} s; median CPU µs/req: ` +
    targets.map((t) => `${t.name} ${median(cpu.get(t.name)).toFixed(0)}`).join(' | '),
  ...gateways.flatMap((g) => bases.map((b) => ratioLine(g, b))),
  ratioLine(JOB_FLOOR, EXPRESS_FLOOR),
  ...(cpu.has(BASELINE) ? [ratioLine(EXPRESS_FLOOR, BASELINE)] : []),
  ...(OTHER ? [ratioLine(GATEWAY, otherName)] : []),
  `target gateway ≤ ${JOB_FLOOR_TARGET}× job floor: ${verdict(jobFloorRatio <= JOB_FLOOR_TARGET)} (median ${jobFloorRatio.toFixed(3)})`,
];
if (REF) {
  const ab = ratio(GATEWAY, otherName).median;
  lines.push(`target gateway ≤ ${AB_TARGET}× ${otherName}: ${verdict(ab <= AB_TARGET)} (median ${ab.toFixed(3)})`);
}
process.stdout.write(lines.join('\n') + '\n');
process.exit(0);
