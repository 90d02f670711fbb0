// How much distinct code one request runs (bench/lab/README.md): the
// gateway and the express floor, each started twice under V8's precise call counts
// (NODE_V8_COVERAGE), once answering REQUESTS requests of GET alerting/ and once answering one;
// the difference is what the requests ran. Prints, per program, the functions run at least once
// per request, the calls per request, the source size of those functions and where they live.
// The lean gateway (bench/lab/lean-gateway.mjs) is counted too.
// Usage: node bench/lab/code-per-request.mjs (after npm run build). CODE_REQUESTS (default 3000).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { start, stopAll, stopOne, waitFor } from '../processes.mjs';
import {
  BENCH_EXECUTIVE,
  EXIT_ON_SIGTERM,
  executivePath,
  GATEWAY_V8_FLAGS,
  gatewayEnv,
  simulatorUrl,
  startBenchSimulator,
  systemToken,
} from '../rig.mjs';

const REQUESTS = Number(process.env.CODE_REQUESTS ?? 3000);
const SIM_PORT = 28458;
const PORT = 28485;
const SIM_URL = simulatorUrl(SIM_PORT);
const url = `http://127.0.0.1:${PORT}${executivePath('alerting/')}`;
const headers = { authorization: `Bearer ${await systemToken()}` };
const programs = {
  gateway: [...GATEWAY_V8_FLAGS, 'dist/src/main.js'],
  // Exits on SIGTERM itself, so its coverage is written.
  'lean gateway': [...GATEWAY_V8_FLAGS, 'bench/lab/lean-gateway.mjs'],
  // The floor has no SIGTERM handler; coverage is written only on a normal exit.
  'express floor': [...EXIT_ON_SIGTERM, 'bench/express-floor.mjs', String(PORT), SIM_URL, BENCH_EXECUTIVE, '4'],
};

/** Call counts per function (script url | name | offset) of one run answering `requests` requests. */
async function callCounts(args, requests) {
  const dir = mkdtempSync(join(tmpdir(), 'code-per-request-'));
  const proc = start(
    'program',
    args,
    { ...gatewayEnv({ port: PORT, ociUrl: SIM_URL }), NODE_V8_COVERAGE: dir },
    undefined,
    {
      discardStdout: true,
    },
  );
  await waitFor(`http://127.0.0.1:${PORT}/healthz`);
  const run = await autocannon({ url, connections: Math.min(8, requests), amount: requests, headers });
  if (run.errors + run.non2xx > 0) throw new Error(`${run.errors + run.non2xx} failed requests`);
  await stopOne(proc);
  const file = readdirSync(dir).find((f) => f.includes(`-${proc.pid}-`));
  const counts = new Map();
  for (const script of JSON.parse(readFileSync(join(dir, file), 'utf8')).result)
    for (const fn of script.functions) {
      const r = fn.ranges[0];
      counts.set(`${script.url}|${fn.functionName}|${r.startOffset}`, {
        n: r.count,
        bytes: r.endOffset - r.startOffset,
      });
    }
  rmSync(dir, { recursive: true, force: true });
  return counts;
}

const ownerOf = (scriptUrl) =>
  scriptUrl.startsWith('node:')
    ? 'node core'
    : (/node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(scriptUrl)?.[1] ??
      (scriptUrl.includes('/dist/') ? 'gateway code' : scriptUrl.includes('/bench/') ? 'bench program' : 'other'));

await startBenchSimulator(SIM_PORT);
const rows = [];
for (const [name, args] of Object.entries(programs)) {
  const many = await callCounts(args, REQUESTS);
  const one = await callCounts(args, 1);
  let functions = 0;
  let calls = 0;
  let bytes = 0;
  const owners = new Map();
  for (const [key, { n, bytes: size }] of many) {
    const extra = n - (one.get(key)?.n ?? 0);
    calls += Math.max(0, extra);
    if (extra < REQUESTS - 1) continue;
    functions++;
    bytes += size;
    const owner = ownerOf(key.split('|')[0]);
    owners.set(owner, (owners.get(owner) ?? 0) + 1);
  }
  rows.push({
    program: name,
    'functions run per request': functions,
    'calls per request': Math.round(calls / (REQUESTS - 1)),
    'their source, KB': Math.round(bytes / 1024),
    'functions by owner': [...owners]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  });
}
console.table(rows);
stopAll();
