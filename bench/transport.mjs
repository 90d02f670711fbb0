// The gateway over TCP beside the gateway over SOAP (npm run bench; alone: node bench/transport.mjs
// after npm run build). Paired runs, as bench/paired.mjs: both gateways loaded AT THE SAME TIME at
// the same fixed request rate for several rounds, so the machine's noise hits both alike and the
// faster one cannot batch its way ahead. Each gateway has its own simulator (one serving SOAP, one
// serving OCI-P over TCP), so the server side's CPU per request is measured too.
// Reports per round and as medians: CPU µs per request of each gateway and its simulator, p50/p99.
// Env: TRANSPORT_RATE (req/s per gateway, default 400), TRANSPORT_ROUNDS (5), TRANSPORT_SECONDS (6),
// TRANSPORT_RESOURCES (default "alerting/,screening/": screening/ is a PUT).
import { median } from './median.mjs';
import { pacedLoad } from './paced-load.mjs';
import { cpuMicros, start, stopAll, waitFor } from './processes.mjs';
import { GATEWAY_V8_FLAGS, gatewayEnv, scenarioRequest, simulatorUrl, systemToken } from './rig.mjs';

const env = process.env;
const RATE = Number(env.TRANSPORT_RATE ?? 400);
const ROUNDS = Number(env.TRANSPORT_ROUNDS ?? 5);
const SECONDS = Number(env.TRANSPORT_SECONDS ?? 6);
const RESOURCES = (env.TRANSPORT_RESOURCES ?? 'alerting/,screening/').split(',');

/** A simulator (validation off, quiet) on `port`, also serving OCI-P over TCP on `tcpPort` when given. */
async function simulator(port, tcpPort) {
  const args = ['dist/src/simulator/cli.js', '--port', String(port), '--no-validate', '--quiet'];
  if (tcpPort) args.push('--tcp-port', String(tcpPort));
  const proc = start(`simulator ${port}`, args);
  await waitFor(`http://127.0.0.1:${port}/__simulator/stats`);
  return proc;
}

const targets = [
  { name: 'SOAP', port: 28791, simPort: 28718, ociUrl: simulatorUrl(28718) },
  { name: 'TCP', port: 28792, simPort: 28728, tcpPort: 28738, ociUrl: 'tcp://127.0.0.1:28738' },
];
for (const t of targets) {
  t.sim = await simulator(t.simPort, t.tcpPort);
  t.proc = start(
    `gateway over ${t.name}`,
    [...GATEWAY_V8_FLAGS, 'dist/src/main.js'],
    gatewayEnv({ port: t.port, ociUrl: t.ociUrl }),
    undefined,
    { discardStdout: true },
  );
}
for (const t of targets) await waitFor(`http://127.0.0.1:${t.port}/healthz`);
const token = await systemToken();

const load = (t, resource, seconds) => pacedLoad({ port: t.port, resource, token, rate: RATE, seconds });

const lines = [];
for (const resource of RESOURCES) {
  const { method } = scenarioRequest(resource);
  // Warm-up: JIT, membership cache, sessions.
  await Promise.all(targets.map((t) => load(t, resource, 4)));
  const m = new Map(targets.map((t) => [t.name, { cpu: [], simCpu: [], p50: [], p99: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    const before = targets.map((t) => [cpuMicros(t.proc.pid), cpuMicros(t.sim.pid)]);
    const runs = await Promise.all(targets.map((t) => load(t, resource, SECONDS)));
    targets.forEach((t, i) => {
      const r = runs[i];
      const failed = r.errors + r.non2xx;
      if (failed) throw new Error(`gateway over ${t.name}: ${failed} failed requests`);
      const x = m.get(t.name);
      x.cpu.push((cpuMicros(t.proc.pid) - before[i][0]) / r.requests.total);
      x.simCpu.push((cpuMicros(t.sim.pid) - before[i][1]) / r.requests.total);
      x.p50.push(r.latency.p50);
      x.p99.push(r.latency.p99);
    });
    process.stdout.write(
      `${method} ${resource} round ${round + 1}: ` +
        targets
          .map((t) => {
            const x = m.get(t.name);
            return `${t.name} ${x.cpu[round].toFixed(0)} µs/req (simulator ${x.simCpu[round].toFixed(0)}), p50 ${x.p50[round]} ms, p99 ${x.p99[round]} ms`;
          })
          .join(' | ') +
        '\n',
    );
  }
  const soap = m.get('SOAP');
  const tcp = m.get('TCP');
  const ratios = tcp.cpu.map((v, i) => v / soap.cpu[i]);
  lines.push(
    `${method} ${resource} at ${RATE} req/s each, ${ROUNDS} × ${SECONDS} s, medians: ` +
      targets
        .map((t) => {
          const x = m.get(t.name);
          return `gateway over ${t.name} ${median(x.cpu).toFixed(0)} µs/req, p50 ${median(x.p50)} ms, p99 ${median(x.p99)} ms, its simulator ${median(x.simCpu).toFixed(0)} µs/req`;
        })
        .join(' | ') +
      `\n  gateway CPU per request, TCP / SOAP: median ${median(ratios).toFixed(3)} [${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
  );
}
stopAll();
process.stdout.write(`\nGateway over TCP beside SOAP (paired, equal rates):\n${lines.join('\n')}\n`);
process.exit(0);
