#!/usr/bin/env bash
# The bench before and after this wave, interleaved in one run (issue 13's "no worse than 0.95x"):
# the jar of the wave's first commit's parent (326a31c, the end of wave 1) against this checkout's,
# both on 3 replicas + 3 acceptors (durability fsync) at 1 and 64 closed-loop callers. The wave's
# jar runs --insecure: wave 1 had no TLS (TLS's own cost is docs/measure/tls-vs-insecure.sh).
# Then the core alone (CoreThroughputMain, no network, no disk), per CPU-second of its thread, and
# in its steady state (docs/measure/CoreSteady.java: after 3 CPU-seconds of warm-up, with the bytes
# allocated per command), which a loaded machine moves much less.
# Usage: bash docs/measure/wave-before-after.sh [OUT] ; BEFORE=<rev> to compare another commit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-/tmp/wave-bench}"
before="${BEFORE:-326a31c}"
rm -rf "$out" && mkdir -p "$out/before-src"
git -C "$root" archive "$before" | tar -x -C "$out/before-src"
(cd "$out/before-src" && mvn -B -q -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package)
(cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -Dcheckstyle.skip package)
cp "$out/before-src/concoord-cli/target/concoord.jar" "$out/before.jar"
cp "$root/concoord-cli/target/concoord.jar" "$out/after.jar"
cp "$out/before-src/concoord-bench/target/benchmarks.jar" "$out/before-core.jar"
cp "$root/concoord-bench/target/benchmarks.jar" "$out/after-core.jar"
for round in 1 2; do
  for jar in before after; do
    flag=()
    [ "$jar" = after ] && flag=(--insecure)
    echo "round $round $jar (load $(cut -d' ' -f1-3 /proc/loadavg))"
    # Wave 1's bench found its default object relative to its checkout's root only.
    (cd "$out/before-src" && java -jar "$out/$jar.jar" bench "${flag[@]}" --clients 1,64 \
        --warmup 3 --duration 10 --jvm-warmup 20 --dir "$out/run-$jar" | grep clients=)
  done
done
for round in 1 2; do
  for jar in before after; do
    echo "core round $round $jar: $(java -XX:+UseParallelGC -Xms2g -Xmx2g -cp "$out/$jar-core.jar" \
        org.concoord.bench.CoreThroughputMain 10 8 50 | grep CPU)"
  done
done
javac -cp "$out/after-core.jar" -d "$out/steady" "$root/docs/measure/CoreSteady.java"
for round in 1 2; do
  for jar in before after; do
    echo "core steady round $round $jar (load $(cut -d' ' -f1-3 /proc/loadavg)):" \
        "$(java -XX:+UseParallelGC -Xms2g -Xmx2g -cp "$out/steady:$out/$jar-core.jar" \
        org.concoord.bench.CoreSteady 3 5 8 50)"
  done
done
