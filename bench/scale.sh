#!/usr/bin/env bash
# Horizontal scaling, for real: nginx on 127.0.0.1 in front of two gateway processes that
# share one standalone simulator, loaded with autocannon: reads and writes, first with the
# replicas' in-process coordination, then with both on one Redis (REDIS_URL). Writes the
# "Measured" part of docs/scaling.md (between the scale:start/scale:end markers).
#   bash bench/scale.sh            (DURATION=10 CONNECTIONS=32 SKIP_BUILD=1 to tune)
# Needs: Debian's nginx and redis-server (apt-get install -y nginx redis-server). Uses loopback
# addresses only and stops everything it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-5}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
SECRET="scale-bench-secret-$(node -e "process.stdout.write(require('crypto').randomBytes(16).toString('hex'))")"
WORK=$(mktemp -d /tmp/gateway-scale.XXXXXX)
PIDS=()
GW_PIDS=()

cleanup() {
  local status=$? pid
  for pid in "${PIDS[@]}" "${GW_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$WORK/nginx.pid" ]]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}" "${GW_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if (( status != 0 )); then
    # Keep the logs of a failed run (bench/results/ is git-ignored).
    mkdir -p bench/results && cp "$WORK"/*.log bench/results/ 2>/dev/null || true
    echo "logs kept in bench/results/" >&2
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

[[ -x "$NGINX" ]] || { echo "nginx not found (apt-get install -y nginx)" >&2; exit 1; }
[[ -x "$REDIS_SERVER" ]] || { echo "redis-server not found (apt-get install -y redis-server)" >&2; exit 1; }
if [[ "${SKIP_BUILD:-}" != 1 ]]; then npm run build --silent; fi

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"; }
wait_port() { # port what
  for _ in $(seq 1 300); do
    if node -e "require('net').connect($1,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; then return 0; fi
    sleep 0.1
  done
  echo "$2 never listened on $1" >&2
  exit 1
}
wait_ready() { # url what
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "$2 never became ready ($1)" >&2
  exit 1
}

SIM_PORT=$(free_port); GW1_PORT=$(free_port); GW2_PORT=$(free_port); LB_PORT=$(free_port); REDIS_PORT=$(free_port)
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
OCI_URL="http://127.0.0.1:$SIM_PORT/webservice/services/ProvisioningService"

node dist/src/simulator/cli.js --port "$SIM_PORT" --admin-port 0 --host 127.0.0.1 --no-validate --quiet >"$WORK/simulator.log" 2>&1 &
PIDS+=($!)
wait_port "$SIM_PORT" simulator

# Coordination state only: no persistence.
"$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
wait_port "$REDIS_PORT" redis-server

start_replicas() { # extra env assignments, e.g. REDIS_URL=redis://…
  GW_PIDS=()
  for n in 1 2; do
    port_var="GW${n}_PORT"
    env HOST=127.0.0.1 PORT=${!port_var} OCI_URL=$OCI_URL OCI_USERNAME=admin OCI_PASSWORD=admin-password \
      AUTH_JWT_SECRET=$SECRET LOG_LEVEL=warn TRUST_PROXY=loopback "$@" \
      node --max-old-space-size=96 --max-semi-space-size=8 --heap-growing-percent=200 dist/src/main.js >>"$WORK/gateway-$n.log" 2>&1 &
    GW_PIDS+=($!)
  done
  wait_ready "http://127.0.0.1:$GW1_PORT/readyz" gateway-1
  wait_ready "http://127.0.0.1:$GW2_PORT/readyz" gateway-2
}
stop_replicas() {
  local pid
  for pid in "${GW_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${GW_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  GW_PIDS=()
}

# The shipped balancer rules (deploy/nginx/proxy.conf, unchanged), on loopback ports: this
# wrapper sets only the replicas, the listen address, pid, error_log and the temp paths.
printf 'server 127.0.0.1:%s;\nserver 127.0.0.1:%s;\n' "$GW1_PORT" "$GW2_PORT" >"$WORK/gateway-replicas.conf"
printf 'listen 127.0.0.1:%s;\n' "$LB_PORT" >"$WORK/gateway-listen.conf"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path $WORK/client_body;
  proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fastcgi;
  uwsgi_temp_path $WORK/uwsgi;
  scgi_temp_path $WORK/scgi;
  include $ROOT/deploy/nginx/proxy.conf;
}
NGINX
# nginx is started per phase (after the replicas), so no connection or failure mark of the
# previous phase's replicas carries over.
start_nginx() {
  "$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
  wait_ready "http://127.0.0.1:$LB_PORT/healthz" nginx
}
stop_nginx() {
  local pid; pid=$(cat "$WORK/nginx.pid")
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
}

# A user-level token for the demo executive (fixtures/demo-data.json "_readme").
TENANT=acme-ent; GROUP=acme-hq; USER_ID=exec1@acme.example.com
TOKEN=$(SECRET=$SECRET node -e "
const { createTokenSigner } = require('./dist/src/http/auth/sign-token.js');
createTokenSigner({ secret: process.env.SECRET, now: Date.now })
  .signAccess({ sub: '$USER_ID', level: 'user', tenantId: '$TENANT', groupId: '$GROUP', userId: '$USER_ID' }, 3600)
  .then((t) => process.stdout.write(t));")
BASE="http://127.0.0.1:$LB_PORT/api/v1/tenants/$TENANT/groups/$GROUP/users/$USER_ID/services/executive"
READ_URL="$BASE/alerting/"
WRITE_URL="$BASE/screening/"
WRITE_BODY='{"enabled":true,"alertType":"Ring Splash"}'

# Answers each replica counted for a route, from its own /metrics: "2xx aborted other".
# "aborted": the client hung up first (autocannon closes its connections when time is up).
served() { # port route-fragment
  curl -fsS "http://127.0.0.1:$1/metrics" | ROUTE=$2 node -e "
let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const n={ok:0,aborted:0,other:0};
for (const l of t.split('\\n')) { const m=l.match(/^http_requests_total\\{(.*)\\} (\\S+)$/); if(!m||!m[1].includes(process.env.ROUTE)) continue;
  const s=(m[1].match(/status=\"([^\"]+)\"/)||[])[1]; n[s==='200'?'ok':s==='aborted'?'aborted':'other']+=Number(m[2]); }
process.stdout.write(n.ok+' '+n.aborted+' '+n.other+'\\n');});"
}

# One autocannon run through nginx; prints "total rps p50 p99 errors timeouts non2xx r1ok r1ab r1ot r2ok r2ab r2ot".
load() { # name url route-fragment [autocannon args…]
  local name=$1 url=$2 route=$3; shift 3
  local b1 b2 a1 a2
  b1=$(served "$GW1_PORT" "$route"); b2=$(served "$GW2_PORT" "$route")
  node_modules/.bin/autocannon -c "$CONNECTIONS" -d "$DURATION" -j -H "Authorization=Bearer $TOKEN" "$@" "$url" \
    >"$WORK/$name.json" 2>"$WORK/$name.log"
  a1=$(served "$GW1_PORT" "$route"); a2=$(served "$GW2_PORT" "$route")
  node -e "
const r=require('$WORK/$name.json'); const d=(a,b)=>a.split(' ').map((x,i)=>Number(x)-Number(b.split(' ')[i]));
process.stdout.write([r.requests.total, r.requests.average, r.latency.p50, r.latency.p99, r.errors, r.timeouts, r.non2xx,
  ...d('$a1','$b1'), ...d('$a2','$b2')].join(' ')+'\n');"
}

probe() { # url [curl args…]
  local url=$1 status; shift
  status=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$@" "$url")
  [[ "$status" == 200 ]] || { echo "probe $url answered $status: $(cat "$WORK/probe.json")" >&2; exit 1; }
}

# Redis commands run so far (all kinds), from INFO commandstats.
redis_calls() {
  redis-cli -p "$REDIS_PORT" info commandstats | sed -n 's/^cmdstat_[^:]*:calls=\([0-9]*\),.*/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}

declare -A R
measure() { # label [extra env for the replicas…]
  local label=$1; shift
  start_replicas "$@"
  start_nginx
  probe "$READ_URL"
  probe "$WRITE_URL" -X PUT -H 'Content-Type: application/json' -d "$WRITE_BODY"
  # Fresh replicas in every phase get the same warm-up (JIT, OCI sessions), not recorded.
  DURATION=$WARMUP load "$label-warm-read" "$READ_URL" alerting >/dev/null
  DURATION=$WARMUP load "$label-warm-write" "$WRITE_URL" screening -m PUT -H 'Content-Type=application/json' -b "$WRITE_BODY" >/dev/null
  R[$label-read]=$(load "$label-read" "$READ_URL" alerting)
  local calls_before; calls_before=$(redis_calls)
  R[$label-write]=$(load "$label-write" "$WRITE_URL" screening -m PUT -H 'Content-Type=application/json' -b "$WRITE_BODY")
  R[$label-rediscalls]=$(( $(redis_calls) - calls_before ))
  # One connection: each write alone, so its latency is the cost of one write, not of the queue.
  calls_before=$(redis_calls)
  R[$label-seq]=$(CONNECTIONS=1 load "$label-seq" "$WRITE_URL" screening -m PUT -H 'Content-Type=application/json' -b "$WRITE_BODY")
  R[$label-seqcalls]=$(( $(redis_calls) - calls_before ))
  curl -fsS "http://127.0.0.1:$GW1_PORT/readyz" >"$WORK/$label-readyz.json"
  stop_nginx
  stop_replicas
}
# The first phase of a run was measurably slower whatever it was (the standalone simulator warms
# up): one discarded phase first, then in-process and Redis twice each, alternating.
measure warm
for run in 1 2; do
  measure "local$run"
  measure "redis$run" "REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  grep -q '"mode":"redis","degraded":false' "$WORK/redis$run-readyz.json" ||
    { echo "the Redis run was not on Redis: $(cat "$WORK/redis$run-readyz.json")" >&2; exit 1; }
done

failed=0
row() { # label kind request coordination run → markdown row; checks
  local v; read -r -a v <<<"${R[$1-$2]}"
  if (( v[7] == 0 || v[10] == 0 || v[9] > 0 || v[12] > 0 || v[4] > 0 || v[6] > 0 || v[5] > 0 )); then failed=1; fi
  printf '| %s | %s | %s | %s | %s | %s ms / %s ms | %s / %s / %s | %s / %s |\n' "$3" "$4" "$5" "${v[0]}" "${v[1]}" "${v[2]}" "${v[3]}" \
    "${v[4]}" "${v[5]}" "${v[6]}" "${v[7]}" "${v[10]}"
  echo "$1 $2: total ${v[0]}, ${v[1]} req/s, p99 ${v[3]} ms, replica 1 ${v[7]} ok/${v[8]} aborted/${v[9]} other, replica 2 ${v[10]}/${v[11]}/${v[12]}" >&2
}
TABLE=$( {
  echo '| request | coordination | run | requests | requests/s (mean) | latency p50 / p99 | errors / timeouts / non-2xx | 200s replica 1 / replica 2 |'
  echo '|---|---|---|---|---|---|---|---|'
  for kind in read write seq; do
    case $kind in read) what="read, $CONNECTIONS conn." ;; write) what="write, $CONNECTIONS conn." ;; seq) what='write, 1 conn.' ;; esac
    for run in 1 2; do
      row "local$run" "$kind" "$what" 'in-process' "$run"
      row "redis$run" "$kind" "$what" 'Redis' "$run"
    done
  done
} )
per_write() { # label calls-key → Redis commands per answered write
  local v; read -r -a v <<<"${R[$1]}"
  node -e "process.stdout.write((${R[$2]} / ($((v[7] + v[8] + v[10] + v[11])) || 1)).toFixed(2))"
}
REDIS_PER_WRITE=$(per_write redis2-write redis2-rediscalls)
REDIS_PER_SEQ_WRITE=$(per_write redis2-seq redis2-seqcalls)
echo "Redis commands per write: ${REDIS_PER_WRITE} (32 connections), ${REDIS_PER_SEQ_WRITE} (1 connection); in-process rows: ${R[local2-rediscalls]}, ${R[local2-seqcalls]}" >&2

CPUS=$(nproc); NODEV=$(node -v); NGINXV=$("$NGINX" -v 2>&1 | sed 's/.*: //'); REDISV=$("$REDIS_SERVER" --version | sed 's/.* v=\([^ ]*\).*/\1/')
WHEN=$(date -u +%Y-%m-%dT%H:%MZ); LOAD_AT_END=$(cut -d' ' -f1-3 /proc/loadavg)
MEASURED=$(cat <<MD
<!-- scale:start (written by bench/scale.sh) -->
\`bash bench/scale.sh\` ($WHEN): nginx ($NGINXV) on 127.0.0.1 in front of two gateway processes
(\`node --max-old-space-size=96 --max-semi-space-size=8 --heap-growing-percent=200 dist/src/main.js\`, same \`AUTH_JWT_SECRET\`), both on one standalone simulator;
autocannon, ${DURATION} s per row, user-level bearer token for \`$USER_ID\`.
Reads: \`GET …/alerting/\`. Writes: \`PUT …/screening/\` \`$WRITE_BODY\` (no If-Match: every write to this one executive
takes its write lock, so the writes of a row are serialized — per replica in-process, across both replicas with Redis).
The replicas run without \`REDIS_URL\` ("in-process") and with \`REDIS_URL\` on one local redis-server $REDISV (no
persistence), alternating, twice each ("run"). Machine: $CPUS CPU(s) shared by the simulator, both replicas, nginx, Redis and autocannon, **and at
the time of this run by other jobs on the same machine** (load average $LOAD_AT_START at the start, $LOAD_AT_END at
the end), so absolute figures are low and noisy; compare rows of one run only. Node $NODEV.

$TABLE

"write, 1 conn.": each write alone, so its latency is the cost of one write rather than of the queue. Every phase
starts fresh replicas and gives them ${WARMUP} s of reads and ${WARMUP} s of writes first (not counted); a first, discarded
phase warms the simulator (without it the first configuration measured was always the slower one, whichever it was).
Redis commands per write, counted by the server (\`INFO commandstats\`, run 2; it counts the commands a script runs
as well, and the \`INFO\` of the count itself): **$REDIS_PER_SEQ_WRITE per write alone** — \`SET NX PX\` to take the lock,
then the release script (\`EVALSHA\` running \`GET\` + \`DEL\`): two round trips —, **$REDIS_PER_WRITE per write under
contention** ($CONNECTIONS connections on one executive: \`SET NX\` is retried while the other replica holds the lock);
the in-process rows ran ${R[local2-rediscalls]} and ${R[local2-seqcalls]}.
<!-- scale:end -->
MD
)
MEASURED="$MEASURED" node -e "
const fs=require('fs'); const p='docs/scaling.md'; const doc=fs.readFileSync(p,'utf8');
const a=doc.indexOf('<!-- scale:start'), b=doc.indexOf('<!-- scale:end -->');
if (a<0||b<0) { console.error('docs/scaling.md has no scale:start/scale:end markers'); process.exit(1); }
fs.writeFileSync(p, doc.slice(0,a)+process.env.MEASURED+doc.slice(b+'<!-- scale:end -->'.length));"

if (( failed )); then
  echo "FAILED: a replica served nothing, or there were errors" >&2
  exit 1
fi
echo "wrote docs/scaling.md"
