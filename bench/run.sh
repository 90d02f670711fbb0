#!/usr/bin/env bash
# npm run bench: build, then
#  - the paired runs at equal fixed rates (bench/paired.mjs: gateway, job floor, express floor and
#    node:http baseline loaded at once, PAIRED_RATE req/s each, default 250, PAIRED_ROUNDS rounds,
#    default 8) for GET alerting/, PUT screening/ and GET filtering/ (BENCH_SKIP_PAIRED=1 leaves them
#    out); BENCH_AB_REF=<git ref> builds that ref once (bench/ref-build.mjs) and adds it to each as
#    gateway@<ref>: the A/B;
#  - the full-load table (bench/run.mjs: gateway vs job floor vs express floor vs node:http baseline);
#  - the gateway over TCP beside SOAP (bench/transport.mjs, paired; BENCH_SKIP_TRANSPORT=1 leaves it out);
#  - the soak (bench/soak.mjs; BENCH_SKIP_SOAK=1 leaves it out).
# The lab instruments (bench/lab/README.md) are not run; BENCH_LEAN=1 adds the lean gateway to bench/run.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
if [ "${BENCH_SKIP_PAIRED:-0}" != 1 ]; then
  ref_dir=""
  if [ -n "${BENCH_AB_REF:-}" ]; then
    ref_dir="$(node bench/ref-build.mjs "$BENCH_AB_REF")"
    trap 'git worktree remove --force "$ref_dir"' EXIT
  fi
  for resource in alerting/ screening/ filtering/; do
    PAIRED_RATE="${PAIRED_RATE:-250}" PAIRED_RESOURCE="$resource" PAIRED_REF="${BENCH_AB_REF:-}" \
      PAIRED_REF_DIR="$ref_dir" node bench/paired.mjs
  done
fi
node bench/run.mjs
if [ "${BENCH_SKIP_TRANSPORT:-0}" != 1 ]; then node bench/transport.mjs; fi
if [ "${BENCH_SKIP_SOAK:-0}" != 1 ]; then node bench/soak.mjs; fi
