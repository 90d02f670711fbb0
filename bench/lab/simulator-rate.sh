#!/usr/bin/env bash
# Commands per second of the standalone simulator (validation on): autocannon, 16 keep-alive
# connections, one UserExecutiveGetScreeningAlertingRequest per document on one logged-in session.
# Usage: bash bench/lab/simulator-rate.sh [duration-seconds=10] [port=2299]
# Env: SKIP_BUILD=1 (use dist/ as is), NODE_FLAGS (for the simulator process), CLI (another build of cli.js).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
PORT="${2:-2299}"
URL="http://127.0.0.1:${PORT}/webservice/services/ProvisioningService"
TMP="$(mktemp -d)"

[ -n "${SKIP_BUILD:-}" ] || npm run build --silent
node ${NODE_FLAGS:-} ${CLI:-dist/src/simulator/cli.js} --port "$PORT" --quiet > "$TMP/sim.log" 2>&1 &
SIM_PID=$!
trap 'kill "$SIM_PID" 2>/dev/null || true; rm -rf "$TMP"' EXIT

for _ in $(seq 1 100); do
  grep -q "listening" "$TMP/sim.log" 2>/dev/null && break
  sleep 0.1
done

node bench/lab/simulator-session.mjs "$URL" > "$TMP/session.json"
COOKIE="$(node -e 'process.stdout.write(require(process.argv[1]).cookie)' "$TMP/session.json")"
node -e 'process.stdout.write(require(process.argv[1]).body)' "$TMP/session.json" > "$TMP/body.xml"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SIM_PID/stat"; }
CPU_BEFORE="$(cpu_ticks)"
node_modules/.bin/autocannon -c 16 -d "$DURATION" -m POST \
  -H "content-type=text/xml; charset=utf-8" -H "cookie=${COOKIE}" \
  -i "$TMP/body.xml" --json "$URL" > "$TMP/result.json" 2> /dev/null

CPU_AFTER="$(cpu_ticks)"
CLK_TCK="$(getconf CLK_TCK)"

node -e '
const r = require(process.argv[1]);
const cpuSeconds = (Number(process.argv[3]) - Number(process.argv[2])) / Number(process.argv[4]);
const perCommandUs = (cpuSeconds * 1e6) / r.requests.total;
const bad = r.non2xx + r.errors + r.timeouts;
console.log(`commands/s (avg): ${r.requests.average}  p50 latency: ${r.latency.p50} ms  p99: ${r.latency.p99} ms`);
console.log(`requests: ${r.requests.total}  non-2xx/errors/timeouts: ${bad}`);
// CPU time the simulator spent per command: the rate one free core would sustain,
// independent of what else competes for the CPUs during the run.
console.log(`simulator CPU per command: ${perCommandUs.toFixed(0)} us  => ${Math.round(1e6 / perCommandUs)} commands/s per core`);
if (bad > 0) process.exit(1);
' "$TMP/result.json" "$CPU_BEFORE" "$CPU_AFTER" "$CLK_TCK"
# The session must still be valid and the replies real data, not faults.
curl -s "http://127.0.0.1:${PORT}/__simulator/stats"; echo
