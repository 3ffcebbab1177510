#!/bin/bash
# Issue 20's measure, run from the repository root: bash docs/measure/reads.sh
# In one session, one after the other on this machine: ConCoord's read-only get() at 1 and 64
# callers in each read mode (linearizable: a read index round; lease: the leader's lease;
# sequential and bounded:500ms: the executed state of the replica asked, here the leader), each
# also in a 90% read / 10% write mix, the same get() made to write (LoggedCounter: a read
# through the log, the baseline), a 90% read / 10% write mix and writes alone (increment); then
# the peers: etcd's linearizable get, ZooKeeper's get and sync+get (bench/peers). Local instance
# of 3 replicas + 3 acceptors, plaintext, durability fsync. PEERS=DIR runs a writable copy of
# bench/peers whose clients are built already.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/reads-measure}; mkdir -p "$OUT"
DUR=${DURATION:-5}
uptime | tee "$OUT/load.txt"
bench() { # name, then bench arguments
  local name=$1; shift
  rm -rf "/tmp/reads-m-$name"
  bin/concoord bench --insecure --dir "/tmp/reads-m-$name" --clients 1,64 --warmup 2 \
    --duration "$DUR" --jvm-warmup 10 "$@" | tee "$OUT/concoord-$name.txt"
}
JAR=concoord-objects/target/concoord-objects-0.1.0-SNAPSHOT.jar
# Issue 20's modes, each at 1 and 64 callers, alone and in the 90/10 mix (bench --read MODE).
for MODE in linearizable lease sequential bounded:500ms; do  # the lease: on by default (protocol.md)
  NAME=${MODE%%:*}
  bench "get-$NAME" -f "$JAR" -c org.concoord.objects.Counter --method get --read "$MODE"
  bench "mix-$NAME" -f "$JAR" -c org.concoord.objects.Counter --method get:9,increment:1 \
    --read "$MODE"
done
bench logged-get -f docs/measure/reads/LoggedCounter.java -c LoggedCounter --method get
bench increment -f "$JAR" -c org.concoord.objects.Counter --method increment
uptime | tee -a "$OUT/load.txt"
RESULTS="$OUT/peers" ONLY="etcd zk" ZK_WORKLOADS="get syncget" DURATION="$DUR" RUNS=1 \
  CONCS=1,64 bash "${PEERS:-bench/peers}/run-all.sh" 2>&1 | tail -40 | tee "$OUT/peers.txt"
uptime | tee -a "$OUT/load.txt"
