#!/usr/bin/env bash
# Horizontal scaling, for real: nginx on 127.0.0.1 in front of two gateway processes that
# share one standalone simulator, loaded with autocannon. Writes docs/scaling.md.
#   bash bench/scale.sh            (DURATION=10 CONNECTIONS=32 SKIP_BUILD=1 to tune)
# Needs: Debian's nginx (apt-get install -y nginx). Uses loopback addresses only and stops
# everything it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
SECRET="scale-bench-secret-$(node -e "process.stdout.write(require('crypto').randomBytes(16).toString('hex'))")"
WORK=$(mktemp -d /tmp/gateway-scale.XXXXXX)
PIDS=()

cleanup() {
  local status=$? pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$WORK/nginx.pid" ]]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if (( status != 0 )); then
    # Keep the logs of a failed run (bench/results/ is git-ignored).
    mkdir -p bench/results && cp "$WORK"/*.log bench/results/ 2>/dev/null || true
    echo "logs kept in bench/results/" >&2
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

[[ -x "$NGINX" ]] || { echo "nginx not found (apt-get install -y nginx)" >&2; exit 1; }
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

SIM_PORT=$(free_port); GW1_PORT=$(free_port); GW2_PORT=$(free_port); LB_PORT=$(free_port)
OCI_URL="http://127.0.0.1:$SIM_PORT/webservice/services/ProvisioningService"

node dist/src/simulator/cli.js --port "$SIM_PORT" --host 127.0.0.1 --no-validate --quiet >"$WORK/simulator.log" 2>&1 &
PIDS+=($!)
wait_port "$SIM_PORT" simulator

for n in 1 2; do
  port_var="GW${n}_PORT"
  HOST=127.0.0.1 PORT=${!port_var} OCI_URL=$OCI_URL OCI_USERNAME=admin OCI_PASSWORD=admin-password \
    AUTH_JWT_SECRET=$SECRET LOG_LEVEL=warn \
    node --max-old-space-size=96 dist/src/main.js >"$WORK/gateway-$n.log" 2>&1 &
  PIDS+=($!)
done
wait_ready "http://127.0.0.1:$GW1_PORT/readyz" gateway-1
wait_ready "http://127.0.0.1:$GW2_PORT/readyz" gateway-2

# Same upstream layout as deploy/nginx.conf, on loopback ports.
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/client_body;
  proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fastcgi;
  uwsgi_temp_path $WORK/uwsgi;
  scgi_temp_path $WORK/scgi;
  upstream gateway {
    server 127.0.0.1:$GW1_PORT;
    server 127.0.0.1:$GW2_PORT;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / {
      proxy_pass http://gateway;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
wait_ready "http://127.0.0.1:$LB_PORT/healthz" nginx

# A user-level token for the demo executive (fixtures/demo-data.json "_readme").
TENANT=acme-ent; GROUP=acme-hq; USER_ID=exec1@acme.example.com
TOKEN=$(SECRET=$SECRET node -e "
const { createTokenSigner } = require('./dist/src/http/auth/sign-token.js');
createTokenSigner({ secret: process.env.SECRET, now: Date.now })
  .signAccess({ sub: '$USER_ID', level: 'user', tenantId: '$TENANT', groupId: '$GROUP', userId: '$USER_ID' }, 3600)
  .then((t) => process.stdout.write(t));")
URL="http://127.0.0.1:$LB_PORT/api/v1/tenants/$TENANT/groups/$GROUP/users/$USER_ID/services/executive/alerting/"
probe_status=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL")
[[ "$probe_status" == 200 ]] || { echo "probe request answered $probe_status: $(cat "$WORK/probe.json")" >&2; exit 1; }

# Requests to the alerting route each replica counted, from its own /metrics: "200 aborted other".
# "aborted": the client hung up first (autocannon closes its connections when time is up).
served() {
  curl -fsS "http://127.0.0.1:$1/metrics" | node -e "
let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const n={ok:0,aborted:0,other:0};
for (const l of t.split('\\n')) { const m=l.match(/^http_requests_total\\{(.*)\\} (\\S+)$/); if(!m||!m[1].includes('alerting')) continue;
  const s=(m[1].match(/status=\"([^\"]+)\"/)||[])[1]; n[s==='200'?'ok':s==='aborted'?'aborted':'other']+=Number(m[2]); }
process.stdout.write(n.ok+' '+n.aborted+' '+n.other+'\\n');});"
}
read -r b1_ok b1_ab b1_ot < <(served "$GW1_PORT")
read -r b2_ok b2_ab b2_ot < <(served "$GW2_PORT")

node_modules/.bin/autocannon -c "$CONNECTIONS" -d "$DURATION" -j -H "Authorization=Bearer $TOKEN" "$URL" >"$WORK/autocannon.json" 2>"$WORK/autocannon.log"

read -r a1_ok a1_ab a1_ot < <(served "$GW1_PORT")
read -r a2_ok a2_ab a2_ot < <(served "$GW2_PORT")
gw1_ok=$((a1_ok - b1_ok)); gw1_ab=$((a1_ab - b1_ab)); gw1_ot=$((a1_ot - b1_ot))
gw2_ok=$((a2_ok - b2_ok)); gw2_ab=$((a2_ab - b2_ab)); gw2_ot=$((a2_ot - b2_ot))

read -r total rps p50 p99 errors timeouts non2xx < <(node -e "
const r=require('$WORK/autocannon.json');
process.stdout.write([r.requests.total, r.requests.average, r.latency.p50, r.latency.p99, r.errors, r.timeouts, r.non2xx].join(' ')+'\n');")

CPUS=$(nproc); NODEV=$(node -v); NGINXV=$("$NGINX" -v 2>&1 | sed 's/.*: //'); WHEN=$(date -u +%Y-%m-%dT%H:%MZ)
cat >docs/scaling.md <<MD
# Scaling out

The gateway scales horizontally: replicas share nothing but the JWT secret and the BroadWorks
backend, so a plain round-robin balancer in front of them is enough (deploy/nginx.conf,
\`docker compose --profile scale up\`). What each replica keeps for itself is listed in
docs/operations.md, "State per replica".

## Measured

\`bash bench/scale.sh\` ($WHEN): nginx ($NGINXV) on 127.0.0.1 in front of two gateway processes
(\`node --max-old-space-size=96 dist/src/main.js\`, same \`AUTH_JWT_SECRET\`), both talking to one standalone simulator;
autocannon, $CONNECTIONS connections for ${DURATION} s, \`GET /api/v1/tenants/$TENANT/groups/$GROUP/users/$USER_ID/services/executive/alerting/\`
with a user-level bearer token. Machine: $CPUS CPU(s) shared by the simulator, both replicas, nginx
and autocannon; Node $NODEV.

| figure | value |
|---|---|
| requests completed | $total |
| requests/s (mean) | $rps |
| latency p50 / p99 | $p50 ms / $p99 ms |
| errors / timeouts / non-2xx | $errors / $timeouts / $non2xx |
| replica 1, from its own /metrics: 200 / aborted / other | $gw1_ok / $gw1_ab / $gw1_ot |
| replica 2, from its own /metrics: 200 / aborted / other | $gw2_ok / $gw2_ab / $gw2_ot |

Both replicas served traffic, about half each (round robin), with no error: together they
answered $((gw1_ok + gw2_ok)) times 200 (autocannon's own total can differ slightly: it counts
what it sampled, the replicas count every response they finished). "aborted" are the requests still in flight when autocannon closed its
connections at the end of the run (the replica counts them with status \`aborted\`). On this machine the figures measure the balancing, not
the ceiling: every process shares the same $CPUS core(s), so two replicas cannot be faster than
one here; on separate hosts throughput grows with the replicas until BroadWorks (the OCI
session pools: \`OCI_SESSIONS\` per replica) becomes the limit.

## Sizing notes

- Each replica opens its own OCI sessions (\`OCI_SESSIONS\`, default 4, per backend): N replicas
  hold N × OCI_SESSIONS sessions on BroadWorks. Check the server's session limit for the admin.
- \`RATE_LIMIT_RPS\` is enforced per replica: with N replicas a principal may get up to N × the rate.
- Put the balancer's health check on \`/readyz\` (not \`/healthz\`), so a replica without a working
  OCI session gets no traffic; a draining replica closes its listener at once on SIGTERM.
MD

echo "replica 1: $gw1_ok ok/$gw1_ab aborted/$gw1_ot other, replica 2: $gw2_ok/$gw2_ab/$gw2_ot, total $total, errors $errors, non2xx $non2xx, p99 ${p99} ms"
if (( gw1_ok == 0 || gw2_ok == 0 || gw1_ot > 0 || gw2_ot > 0 || errors > 0 || non2xx > 0 || timeouts > 0 )); then
  echo "FAILED: a replica served nothing, or there were errors" >&2
  exit 1
fi
echo "wrote docs/scaling.md"
