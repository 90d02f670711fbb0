#!/usr/bin/env bash
# npm run bench: build, then gateway vs. baseline (bench/run.mjs), the gateway over TCP beside SOAP
# (bench/transport.mjs, paired at equal rates; BENCH_SKIP_TRANSPORT=1 leaves it out) and, when present, the soak.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
node bench/run.mjs
if [ "${BENCH_SKIP_TRANSPORT:-0}" != 1 ]; then node bench/transport.mjs; fi
if [ -f bench/soak.mjs ] && [ "${BENCH_SKIP_SOAK:-0}" != 1 ]; then node bench/soak.mjs; fi
