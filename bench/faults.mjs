// node bench/faults.mjs (after `npm run build`): status, problem type, write counts and client-side
// times of the field faults (docs/reliability.md, "What a client sees for each fault"), measured
// against the built gateway and two simulators (primary + secondary) started as processes.
// Env: FAULTS_REPEAT (requests per case, default 5), FAULTS_OUT (file whose
// <!-- field-faults:start/end --> block is replaced; default docs/reliability.md; "-" = stdout only).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { start, stopAll, waitFor } from './processes.mjs';
import { GATEWAY_V8_FLAGS, gatewayEnv, simulatorUrl, systemToken } from './rig.mjs';

const REPEAT = Number(process.env.FAULTS_REPEAT ?? 5);
const OUT = process.env.FAULTS_OUT ?? 'docs/reliability.md';
// Spaced apart: each simulator CLI also takes port + 1 for its admin listener.
const [P1, P2, GW] = [28308, 28318, 28380];
const admin = (port, path, init) => fetch(`http://127.0.0.1:${port}/__simulator/${path}`, init).then((r) => r.json());
const user = (u) => `/api/v1/tenants/acme-ent/groups/acme-hq/users/${encodeURIComponent(u)}/services/executive/`;
const EXEC = user('exec1@acme.example.com');
const MODIFY = 'UserExecutiveModifyScreeningAlertingRequest';

start('primary', ['dist/src/simulator/cli.js', '--port', String(P1), '--quiet']);
start('secondary', ['dist/src/simulator/cli.js', '--port', String(P2), '--quiet']);
await waitFor(`http://127.0.0.1:${P1}/__simulator/stats`);
await waitFor(`http://127.0.0.1:${P2}/__simulator/stats`);
/** The simulator's own fault settings at start (all off): what a pause puts back. */
const OFF = await admin(P1, 'faults');
start(
  'gateway',
  [...GATEWAY_V8_FLAGS, 'dist/src/main.js'],
  gatewayEnv({
    port: GW,
    ociUrl: `${simulatorUrl(P1)},${simulatorUrl(P2)}`,
    sessions: 2,
    level: 'fatal',
    extra: { OCI_TIMEOUT_MS: '2000', OCI_BREAKER_RESET_MS: '1000' },
  }),
);
await waitFor(`http://127.0.0.1:${GW}/healthz`);
const token = await systemToken({ ttl: '1h' });

async function call(method, path, body) {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${GW}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  return { ms: performance.now() - t0, status: res.status, type: json.type?.split('/').pop() ?? '—', json };
}
const setFaults = (port, f) => admin(port, 'faults', { method: 'PUT', body: JSON.stringify(f) });
const writes = async (port) => (await admin(port, 'requests')).filter((e) => e.commandTypes.includes(MODIFY)).length;
const readyz = async () => {
  const t0 = performance.now();
  const r = await fetch(`http://127.0.0.1:${GW}/readyz`);
  return { ms: performance.now() - t0, status: r.status };
};

/** Back to a clean state: both simulators reset, the primary serving again (breaker closed). */
async function clean() {
  for (const p of [P1, P2]) await admin(p, 'reset', { method: 'POST' });
  for (let i = 0; i < 50; i++) {
    await admin(P1, 'requests', { method: 'DELETE' });
    const r = await call('GET', EXEC + 'alerting/');
    if (r.status === 200 && (await admin(P1, 'requests')).length > 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const p of [P1, P2]) await admin(p, 'requests', { method: 'DELETE' });
}

const rows = [];
/** Runs `request` REPEAT times with `faults` on the primary; records statuses, types, times, write counts. */
async function measure(name, faults, request, { note = '' } = {}) {
  await clean();
  const seen = new Map();
  const times = [];
  let primaryWrites = 0;
  let secondaryWrites = 0;
  activeFaults = faults;
  for (let i = 0; i < REPEAT; i++) {
    await setFaults(P1, faults);
    const r = await request(i);
    times.push(r.ms);
    const key = `${r.status} ${r.type}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    primaryWrites = await writes(P1);
    secondaryWrites = await writes(P2);
  }
  const answers = [...seen].map(([k, n]) => (seen.size > 1 ? `${k} (${n}×)` : k)).join(', ');
  const min = Math.min(...times).toFixed(0);
  const max = Math.max(...times).toFixed(0);
  rows.push({ name, answers, writes: `${primaryWrites} / ${secondaryWrites}`, time: `${min}–${max} ms`, note });
  process.stdout.write(`${name}: ${answers}; writes ${primaryWrites}/${secondaryWrites}; ${min}–${max} ms\n`);
}

// Each PUT asks for the opposite of the current state (read first, not timed): always a real change.
const put = async () => {
  await setFaultsPaused(async () => {
    current = (await call('GET', EXEC + 'screening/')).json.enabled;
  });
  return call('PUT', EXEC + 'screening/', { enabled: !current });
};
let current = false;
let activeFaults = {};
/** Runs `fn` with the primary's faults off, then puts them back. */
async function setFaultsPaused(fn) {
  await setFaults(P1, OFF);
  await fn();
  await setFaults(P1, activeFaults);
}
const get = () => call('GET', EXEC + 'alerting/');

await measure('NO_OCS_CONNECTION (SOAP fault) after a write ran', { faultAfterExecute: 'no-ocs-connection' }, put);
await measure(
  'INVALID_REQUEST, other detail (SOAP fault), after a write ran',
  { faultAfterExecute: 'invalid-request' },
  put,
);
await measure(
  'NO_OCS_CONNECTION inside an ErrorResponse after a write ran',
  { faultAfterExecute: 'no-ocs-connection', faultForm: 'error-response' },
  put,
);
await measure(
  'NO_OCS_CONNECTION once on a read',
  { faultAfterExecute: 'no-ocs-connection', faultOn: 'all', faultOnce: true },
  get,
  { note: 're-login + resend once' },
);
await measure('server SOAP fault on a write', { faultAfterExecute: 'server-fault' }, put);
await measure('server SOAP fault on a read', { faultAfterExecute: 'server-fault', faultOn: 'all' }, get);
await measure('whole write document refused, 6004', { rejectDocumentCode: 6004 }, put, { note: 'nothing applied' });
await measure('whole write document refused, other code (7001)', { rejectDocumentCode: 7001 }, put);
await measure('ISO-8859-1 named only in the XML declaration (`ISO8859_1`)', { replyEncoding: 'ISO8859_1' }, get);
await measure('Warning on the write, re-read shows it', { warnCommand: MODIFY }, put, { note: 'applied' });
await measure('Warning on the write, re-read does not show it', { warnCommand: MODIFY, warnApplies: false }, put);
await measure(
  'ErrorResponse children prefixed (`<c:summary>`), write refused',
  { prefixErrorChildren: true, errorRate: 1 },
  put,
);
await measure('Executive not assigned, server uses code 4999', { notAssignedCode: 4999 }, () =>
  call('GET', user('plain1@acme.example.com') + 'alerting/'),
);
await measure(
  'XSP lost its server for good (`faultOn: all`), read',
  { faultAfterExecute: 'no-ocs-connection', faultOn: 'all' },
  get,
  { note: 'served by the secondary' },
);
await measure(
  'XSP lost its server for good (`faultOn: all`), write',
  { faultAfterExecute: 'no-ocs-connection', faultOn: 'all' },
  put,
  {
    note: 'each write reached the primary once and was never resent; a write that cannot even log in on the primary (nothing sent) may go to the secondary',
  },
);

// Readiness: connections refused, breaker still closed (5 failures needed), last success < 5 s old.
await clean();
for (const p of [P1, P2]) await setFaults(p, { down: true, downForMs: 600_000 }).catch(() => undefined);
const fails = [];
for (let i = 0; i < 3; i++) fails.push(await get());
const notReady = await readyz();
rows.push({
  name: 'both backends refuse connections: 3 requests, then `/readyz`',
  answers: `${fails.map((f) => f.status).join(', ')}; /readyz ${notReady.status}`,
  writes: '—',
  time: `${Math.min(...fails.map((f) => f.ms)).toFixed(0)}–${Math.max(...fails.map((f) => f.ms)).toFixed(0)} ms per request; /readyz ${notReady.ms.toFixed(0)} ms`,
  note: 'breaker still closed',
});
process.stdout.write(`${rows.at(-1).name}: ${rows.at(-1).answers}; ${rows.at(-1).time}\n`);
stopAll();

const cpu = os.cpus();
const table = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.version}:`,
  `\`npm run build && node bench/faults.mjs\` (${REPEAT} requests per case; gateway and two simulators as processes on loopback,`,
  '`OCI_TIMEOUT_MS=2000`, `OCI_BREAKER_RESET_MS=1000`, 2 sessions). "writes" = documents carrying the Modify that reached the',
  `primary / the secondary, after all ${REPEAT} requests of the case (${REPEAT} / 0 = each write exactly once, none on the secondary).`,
  'Times are client-side, request to answer.',
  '',
  '| fault (simulator knob) | answer (status, problem type) | writes primary / secondary | measured time | note |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.answers} | ${r.writes} | ${r.time} | ${r.note} |`),
].join('\n');
if (OUT === '-') process.stdout.write(`${table}\n`);
else {
  const doc = readFileSync(OUT, 'utf8');
  const next = doc.replace(
    /<!-- field-faults:start[^>]*-->[\s\S]*?<!-- field-faults:end -->/,
    `<!-- field-faults:start (written by bench/faults.mjs) -->\n${table}\n<!-- field-faults:end -->`,
  );
  if (next === doc) process.stdout.write(`${table}\n(no field-faults markers in ${OUT})\n`);
  else writeFileSync(OUT, next);
  process.stdout.write(`wrote ${OUT}\n`);
}
process.exit(0);
