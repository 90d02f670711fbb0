#!/usr/bin/env bash
# npm run bench: build, then gateway vs. baseline (bench/run.mjs) and, when present, the soak.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
node bench/run.mjs
if [ -f bench/soak.mjs ] && [ "${BENCH_SKIP_SOAK:-0}" != 1 ]; then node bench/soak.mjs; fi
