#!/bin/bash
# Issue 21's measure, run from the repository root: bash docs/measure/watches.sh
# One bench run, windows back to back on one local instance (3 replicas + 3 acceptors, plaintext,
# durability fsync, the object library's Counter): 16 callers call add(1) with 0, 1 and 1,000
# watchers of get(); each line gives the write throughput, its ratio to the 0-watcher window, and
# the push latency from a write's reply to each watcher's notification of that value (p50, p99).
set -u
cd "$(dirname "$0")/../.."
D=${D:-/tmp/watches-m}; rm -rf "$D"
bin/concoord bench --insecure -f concoord-objects/target/concoord-objects-0.1.0-SNAPSHOT.jar \
  -c org.concoord.objects.Counter --dir "$D" --watchers "${WATCHERS:-0,1,1000}" \
  --clients "${CLIENTS:-16}" --warmup 3 --duration "${DURATION:-10}" --jvm-warmup 10
