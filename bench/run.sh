#!/usr/bin/env bash
# npm run bench: build, then
#  - the paired runs at equal fixed rates (bench/paired.mjs: gateway, express floor and node:http
#    baseline loaded at once, PAIRED_RATE req/s each, default 250) for GET alerting/, PUT screening/
#    and GET filtering/ (BENCH_SKIP_PAIRED=1 leaves them out);
#  - the full-load table (bench/run.mjs: gateway vs express floor vs node:http baseline);
#  - the gateway over TCP beside SOAP (bench/transport.mjs, paired; BENCH_SKIP_TRANSPORT=1 leaves it out);
#  - the soak (bench/soak.mjs; BENCH_SKIP_SOAK=1 leaves it out).
# The lab instruments (bench/lab/README.md) are not run; BENCH_LEAN=1 adds the lean gateway to bench/run.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
if [ "${BENCH_SKIP_PAIRED:-0}" != 1 ]; then
  for resource in alerting/ screening/ filtering/; do
    PAIRED_RATE="${PAIRED_RATE:-250}" PAIRED_RESOURCE="$resource" node bench/paired.mjs
  done
fi
node bench/run.mjs
if [ "${BENCH_SKIP_TRANSPORT:-0}" != 1 ]; then node bench/transport.mjs; fi
if [ "${BENCH_SKIP_SOAK:-0}" != 1 ]; then node bench/soak.mjs; fi
