#!/usr/bin/env bash
# TLS against --insecure, back to back in one run (issue 16's measure): `concoord bench` starts
# 3 replicas + 3 acceptors (durability fsync) for each mode and measures Counter.increment at 1
# and 64 closed-loop callers. The jar is copied first so that nothing is rebuilt between runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-/tmp/tls-bench}"
cd "$root"
mvn -B -q -DskipTests package
mkdir -p "$out"
cp concoord-cli/target/concoord.jar "$out/"
for round in 1 2; do
  for mode in tls insecure; do
    rm -rf "${out:?}/$mode"
    flag=()
    [ "$mode" = insecure ] && flag=(--insecure)
    echo "round $round $mode"
    java -jar "$out/concoord.jar" bench "${flag[@]}" --clients 1,64 --warmup 3 --duration 10 \
        --jvm-warmup 20 --dir "$out/$mode"
  done
done
