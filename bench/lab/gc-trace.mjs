// Garbage collection per request: runs the gateway under load with V8's --trace-gc-nvp
// and prints, per set of V8 flags, what collection cost per request during the measured window:
// scavenges and mark-compacts, main-thread pauses, incremental marking, the helper threads'
// background work, plus main-thread and helper-thread CPU (from /proc) and peak RSS. The rows
// run one after the other, alternating, GC_ROUNDS times (the machine is noisy; counts are not).
// Usage: node bench/lab/gc-trace.mjs   (GC_FLAGS: '|'-separated flag sets; default: the rig's flags
// and the old space bound alone; GC_SECONDS, GC_CONNECTIONS, GC_PATH, GC_ROUNDS tune the run).
import autocannon from 'autocannon';
import { cpuMicros, peakRssMb, start, stopAll, waitFor } from '../processes.mjs';
import {
  executivePath,
  GATEWAY_V8_FLAGS,
  gatewayEnv,
  simulatorUrl,
  startBenchSimulator,
  systemToken,
} from '../rig.mjs';

const SIM_PORT = 28258;
const GW_PORT = 28280;
const SECONDS = Number(process.env.GC_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.GC_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.GC_ROUNDS ?? 2);
const FLAG_SETS = (process.env.GC_FLAGS ?? `${GATEWAY_V8_FLAGS.join(' ')}|--max-old-space-size=96`)
  .split('|')
  .map((s) => s.trim().split(/\s+/).filter(Boolean));
const PATH = executivePath(process.env.GC_PATH ?? 'alerting/');
const headers = { authorization: `Bearer ${await systemToken()}` };

// The fields of a --trace-gc-nvp line summed per request (milliseconds in V8's output).
const MARK_COMPACT_FIELDS = ['pause', 'incremental', 'background.mark'];
const SCAVENGE_BG = 'background.scavenge.parallel';

/** CPU µs of the main thread, and of all the other threads (V8's helpers, libuv's pool). */
function threadCpu(pid) {
  const main = cpuMicros(pid, pid);
  return { main, helpers: cpuMicros(pid) - main };
}

// One simulator; every flag set's gateway started up front (idle ones cost nothing), driven in turn.
await startBenchSimulator(SIM_PORT);
const gateways = FLAG_SETS.map((flags, i) => {
  const port = GW_PORT + i;
  const gw = { flags, port, trace: '', spawned: performance.now() };
  gw.proc = start(
    'gateway',
    [...flags, '--trace-gc-nvp', 'dist/src/main.js'],
    gatewayEnv({ port, ociUrl: simulatorUrl(SIM_PORT) }),
    (chunk) => (gw.trace += chunk),
  );
  return gw;
});
for (const gw of gateways) await waitFor(`http://127.0.0.1:${gw.port}/readyz`);

async function measure(gw) {
  const url = `http://127.0.0.1:${gw.port}${PATH}`;
  await autocannon({ url, connections: CONNECTIONS, duration: 3, headers });
  const from = performance.now() - gw.spawned;
  const cpu0 = threadCpu(gw.proc.pid);
  const run = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const cpu1 = threadCpu(gw.proc.pid);
  const to = performance.now() - gw.spawned;
  const n = run.requests.total;
  const sums = { s: 0, mc: 0, scavengePause: 0, scavengeBg: 0, pause: 0, incremental: 0, 'background.mark': 0 };
  for (const line of gw.trace.split('\n')) {
    // "[pid:isolate]   13761 ms: pause=2.1 … gc=s …": the isolate's clock starts just after spawn.
    const at = Number(/\]\s+(\d+) ms:/.exec(line)?.[1]);
    const kind = / gc=(\w+) /.exec(line)?.[1];
    if (!kind || !(at >= from && at <= to)) continue;
    const field = (name) => Number(new RegExp(` ${name.replace('.', '\\.')}=([\\d.]+)`).exec(line)?.[1] ?? 0);
    if (kind === 's') {
      sums.s++;
      sums.scavengePause += field('pause');
      sums.scavengeBg += field(SCAVENGE_BG);
    } else if (kind === 'mc') {
      sums.mc++;
      for (const name of MARK_COMPACT_FIELDS) sums[name] += field(name);
    }
  }
  const perReq = (ms) => Math.round((ms * 1000) / n);
  const cpuPerReq = (us) => Math.round(us / n);
  return {
    flags: gw.flags.join(' '),
    'req/s': Math.round(run.requests.average),
    'CPU main µs/req': cpuPerReq(cpu1.main - cpu0.main),
    'CPU helpers µs/req': cpuPerReq(cpu1.helpers - cpu0.helpers),
    scavenges: sums.s,
    'scavenge pause µs/req': perReq(sums.scavengePause),
    'scavenge bg µs/req': perReq(sums.scavengeBg),
    'mark-compacts': sums.mc,
    'mc pause µs/req': perReq(sums.pause),
    'incremental marking µs/req': perReq(sums.incremental),
    'bg marking µs/req': perReq(sums['background.mark']),
    'peak RSS MB': Math.round(peakRssMb(gw.proc.pid)),
    errors: run.errors + run.non2xx,
  };
}

const rows = [];
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? gateways : [...gateways].reverse();
  for (const gw of order) rows.push(await measure(gw));
}
console.table(rows);
stopAll();
