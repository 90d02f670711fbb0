// Soak: 60 s (SOAK_SECONDS) at 64 connections (SOAK_CONNECTIONS) of GET alerting/, GET filtering/ and
// PUT screening/ against a simulator that injects 1% "[Error 9999]" ErrorResponses and forgets
// sessions every 500 commands. Checks: no 5xx beyond the injected errors, peak RSS < 150 MB,
// no leaked sessions, pool idle afterwards, plausible logins. Writes the soak section of
// docs/reliability.md (between the soak markers). Needs `npm run build` first (npm run bench does it).
import { peakRssMb, start, stopAll, waitFor } from './processes.mjs';
import { GATEWAY_V8_FLAGS, gatewayEnv, scenarioRequest, systemToken } from './rig.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 64);
const SESSIONS = 4;
const EXPIRE_EVERY = Number(process.env.SOAK_EXPIRE_EVERY ?? 500);
const ERROR_RATE = process.env.SOAK_ERROR_RATE ?? '0.01';
const SIM_PORT = 28308,
  GW_PORT = 28180;
const SECRET = 'soak-secret-soak-secret-soak-secret-0123456';
const SIM = `http://127.0.0.1:${SIM_PORT}`;
const GW = `http://127.0.0.1:${GW_PORT}`;
const BASE = '/api/v1/tenants/acme-ent/groups/acme-hq/users/exec1%40acme.example.com/services/executive';
const RSS_LIMIT_MB = 150;

const notable = [];
// Keep the first few warnings about failures other than the injected ErrorResponses, for the report.
const noteFailures = (d) => {
  for (const line of d.split('\n'))
    if (/"ociFailure"/.test(line) && notable.length < 5) notable.push(line.slice(0, 400));
};
const simStats = async () => (await fetch(`${SIM}/__simulator/stats`)).json();
async function gauges() {
  const text = await (await fetch(`${GW}/metrics`)).text();
  const sum = (name) =>
    [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);
  return { sessions: sum('oci_sessions'), busy: sum('oci_sessions_busy'), waiting: sum('oci_requests_waiting') };
}

// Stopped with every other child by stopAll().
start('simulator', [
  'dist/src/simulator/cli.js',
  '--port',
  String(SIM_PORT),
  '--error-rate',
  ERROR_RATE,
  '--expire-sessions-every',
  String(EXPIRE_EVERY),
  '--quiet',
]);
await waitFor(`${SIM}/__simulator/stats`);
// The gateway runs as deployed (Dockerfile CMD, bench/run.mjs): old space bounded to 96 MB.
const gw = start(
  'gateway',
  [...GATEWAY_V8_FLAGS, 'dist/src/main.js'],
  gatewayEnv({
    port: GW_PORT,
    ociUrl: `${SIM}/webservice/services/ProvisioningService`,
    sessions: SESSIONS,
    secret: SECRET,
    // e.g. SOAK_GATEWAY_NODE_OPTIONS=--max-old-space-size=64 to tell garbage from retained memory.
    extra: process.env.SOAK_GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SOAK_GATEWAY_NODE_OPTIONS } : {},
  }),
  noteFailures,
);
await waitFor(`${GW}/healthz`);
await waitFor(`${GW}/readyz`).catch(() => undefined);

const token = await systemToken({ secret: SECRET, subject: 'soak', claims: { typ: 'access' } });

// Every answer is classified by status and problem type; an injected ErrorResponse shows up as
// 502 backend-error on a read, 400 rejected-by-backend on a write, and 502 write-incomplete when it
// hit the re-read of an applied write.
const tally = new Map();
const count = (key) => tally.set(key, (tally.get(key) ?? 0) + 1);
function onResponse(status, body) {
  if (status < 400) return count(`${status}`);
  let type = '?';
  let injected = false;
  try {
    const problem = JSON.parse(body);
    type = problem.type?.split('/').pop() ?? '?';
    injected = String(problem.ociError?.code) === '9999';
  } catch {
    /* not JSON */
  }
  // A PUT is one document: modify, then get. When the injected error hits the get, the change was
  // applied and the answer is 502 write-incomplete, carrying that backend error: injected too.
  count(type === 'write-incomplete' && injected ? `${status} ${type} (injected)` : `${status} ${type}`);
}
const requests = [
  { method: 'GET', path: `${BASE}/alerting/`, onResponse },
  { method: 'GET', path: `${BASE}/filtering/`, onResponse },
  { ...scenarioRequest('screening/'), path: `${BASE}/screening/`, onResponse },
];

const before = await simStats();
const rssSamples = [];
const sampler = setInterval(
  () =>
    rssSamples.push(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${gw.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024),
  5000,
);
process.stdout.write(`soak: ${SECONDS} s at ${CONNECTIONS} connections…\n`);
const r = await autocannon({
  url: GW,
  connections: CONNECTIONS,
  duration: SECONDS,
  requests,
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
});
clearInterval(sampler);
await new Promise((res) => setTimeout(res, 500)); // let in-flight documents finish
const after = await simStats();
const g = await gauges();
const rss = peakRssMb(gw.pid);
const ready = (await fetch(`${GW}/readyz`)).status;
stopAll();

const total = [...tally.values()].reduce((a, b) => a + b, 0);
const injected5xx = tally.get('502 backend-error') ?? 0;
const injectedWrites = tally.get('400 rejected-by-backend') ?? 0;
const injectedReReads = tally.get('502 write-incomplete (injected)') ?? 0;
const other5xx = [...tally]
  .filter(([k]) => k.startsWith('5') && k !== '502 backend-error' && k !== '502 write-incomplete (injected)')
  .reduce((a, [, n]) => a + n, 0);
const commands = after.commands - before.commands;
const logins = after.logins - before.logins;
// Each session is forgotten after EXPIRE_EVERY of its commands, then logged in again.
const loginBound = Math.ceil(commands / EXPIRE_EVERY) + 2 * SESSIONS;
const checks = [
  [`no 5xx beyond the injected errors: ${other5xx} other 5xx`, other5xx === 0],
  [
    `injected errors seen: ${injected5xx} reads → 502 backend-error, ${injectedWrites} writes → 400 rejected-by-backend, ${injectedReReads} re-reads after an applied write → 502 write-incomplete (${((100 * (injected5xx + injectedWrites + injectedReReads)) / Math.max(1, total)).toFixed(2)}% of answers)`,
    injected5xx + injectedWrites + injectedReReads > 0,
  ],
  [`transport errors/timeouts at the client: ${r.errors}/${r.timeouts}`, r.errors + r.timeouts === 0],
  [`peak RSS (VmHWM) of the gateway ${rss.toFixed(1)} MB < ${RSS_LIMIT_MB} MB`, rss < RSS_LIMIT_MB],
  [`simulator sessions afterwards ${after.sessions} ≤ pool size ${SESSIONS}`, after.sessions <= SESSIONS],
  [
    `gateway pool afterwards: ${g.sessions} sessions, ${g.busy} busy, ${g.waiting} waiting`,
    g.busy === 0 && g.waiting === 0 && g.sessions <= SESSIONS,
  ],
  [
    `logins during the soak ${logins} ≤ ${loginBound} (${commands} commands / ${EXPIRE_EVERY} + 2 × pool)`,
    logins <= loginBound,
  ],
  [`/readyz afterwards ${ready}`, ready === 200],
];
for (const [what, ok] of checks) process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
process.stdout.write(`RSS every 5 s (MB): ${rssSamples.map((x) => x.toFixed(0)).join(' ')}\n`);
for (const line of notable) process.stdout.write(`gateway: ${line}\n`);

const f = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const section = [
  '<!-- soak:start (written by bench/soak.mjs) -->',
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}:`,
  `\`SOAK_SECONDS=${SECONDS} node bench/soak.mjs\` (after \`npm run build\`; \`npm run bench\` runs it after bench/run.mjs).`,
  `Simulator: \`--error-rate ${ERROR_RATE} --expire-sessions-every ${EXPIRE_EVERY}\`, XSD validation on; gateway: ${SESSIONS} OCI sessions, LOG_LEVEL=warn;`,
  `${CONNECTIONS} autocannon connections cycling GET alerting/, GET filtering/, PUT screening/.`,
  '',
  `- ${total} requests in ${SECONDS} s (${f(r.requests.average)} req/s), latency p50 ${f(r.latency.p50, 1)} ms, p99 ${f(r.latency.p99, 1)} ms, max ${f(r.latency.max)} ms.`,
  `- Answers: ${[...tally]
    .sort()
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ')}.`,
  `- ${commands} OCI commands, ${logins} logins at the simulator.`,
  `- Gateway RSS every 5 s (MB): ${rssSamples.map((x) => x.toFixed(0)).join(' ')}.`,
  '',
  '| check | result |',
  '|---|---|',
  ...checks.map(([what, ok]) => `| ${what} | ${ok ? 'met' : 'NOT met'} |`),
  '<!-- soak:end -->',
].join('\n');
const doc = readFileSync('docs/reliability.md', 'utf8');
const updated = doc.replace(/<!-- soak:start[\s\S]*?<!-- soak:end -->/, section);
if (updated === doc && !doc.includes(section))
  process.stderr.write('docs/reliability.md has no soak markers; section not written\n');
else writeFileSync('docs/reliability.md', updated);
process.stdout.write('soak section written to docs/reliability.md\n');
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
