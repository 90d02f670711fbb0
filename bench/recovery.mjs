// node bench/recovery.mjs (after `npm run build`): how long an idle gateway takes to be ready
// again, with no API request, after BroadWorks dropped its OCI sessions and after a BroadWorks
// outage (down 10 s, sessions lost as in a restart). Default settings (OCI_RECOVERY_PROBE_MS 2000,
// readiness window 5 s, breaker reset 5 s); one gateway process, one standalone simulator.
// Each case twice: with /readyz polled every 250 ms (as a balancer's health check would), and
// unwatched (only the simulator's own counters are read until a login happened, then /readyz).
// Env: RECOVERY_REPEAT (default 3). Prints a markdown table.
import { start, stopAll, waitFor } from './processes.mjs';
import { GATEWAY_V8_FLAGS, gatewayEnv, simulatorUrl } from './rig.mjs';

const REPEAT = Number(process.env.RECOVERY_REPEAT ?? 3);
const [SIM, GW] = [28408, 28480];
const ADMIN = SIM + 1;
const admin = (path, init) => fetch(`http://127.0.0.1:${ADMIN}/__simulator/${path}`, init).then((r) => r.json());
const put = (faults) =>
  admin('faults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const readyz = () =>
  fetch(`http://127.0.0.1:${GW}/readyz`).then(
    (r) => r.status,
    () => 0,
  );

start('simulator', ['dist/src/simulator/cli.js', '--port', String(SIM), '--quiet']);
await waitFor(`http://127.0.0.1:${ADMIN}/__simulator/stats`);
start(
  'gateway',
  [...GATEWAY_V8_FLAGS, 'dist/src/main.js'],
  gatewayEnv({ port: GW, ociUrl: simulatorUrl(SIM), level: 'fatal' }),
);
await waitFor(`http://127.0.0.1:${GW}/healthz`);

/**
 * Recovered: the simulator holds a logged-in session again (every old one was dropped) and
 * /readyz answers 200. `watched`: /readyz is asked every 250 ms meanwhile (its 503s counted);
 * else only the simulator's counters are read until the login, then /readyz. Returns ms since t0.
 */
async function untilRecovered(t0, watched) {
  let unready = 0;
  for (;;) {
    const status = watched ? await readyz() : undefined;
    if (status !== undefined && status !== 200) unready += 1;
    if ((await admin('stats')).sessions > 0 && (status ?? (await readyz())) === 200)
      return { ms: performance.now() - t0, unready };
    if (performance.now() - t0 > 180_000) throw new Error('not recovered within 3 minutes');
    await sleep(watched ? 250 : 50);
  }
}

/** Drops every session (as BroadWorks may); t0 is the drop. */
async function dropSessions() {
  await admin('logout-all', { method: 'POST' });
  return performance.now();
}

/** Down for 10 s, forgetting the sessions as a restart would; t0 is when it is back up. */
async function outage() {
  await put({ down: true });
  await admin('logout-all', { method: 'POST' });
  await sleep(10_000);
  await put({ down: false });
  return performance.now();
}

const rows = [];
for (const [name, cause] of [
  ['sessions dropped (logout-all)', dropSessions],
  ['BroadWorks down 10 s, sessions lost', outage],
]) {
  for (const watched of [true, false]) {
    const times = [];
    let unready = 0;
    for (let i = 0; i < REPEAT; i++) {
      await untilRecovered(performance.now(), false);
      // Idle for a while first, as a replica at night would be.
      await sleep(8000);
      const t0 = await cause();
      const r = await untilRecovered(t0, watched);
      times.push(r.ms);
      unready += r.unready;
    }
    const sorted = [...times].sort((a, b) => a - b);
    const s = (ms) => (ms / 1000).toFixed(1);
    rows.push(
      `| ${name} | ${watched ? '/readyz every 250 ms' : 'nobody (simulator counters only)'} | ${REPEAT} | ` +
        `${s(sorted[Math.floor(sorted.length / 2)])} s | ${s(sorted[0])}–${s(sorted.at(-1))} s | ${watched ? unready : '—'} |`,
    );
    console.error(
      name,
      watched ? 'watched' : 'unwatched',
      times.map((t) => Math.round(t)),
    );
  }
}
stopAll();
console.log('| cause | who asks | runs | recovery (median) | min–max | /readyz 503 answers seen |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
