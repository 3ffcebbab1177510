#!/bin/bash
# Issue 7's measure: 10,000,000 increments against 3 replicas + 3 acceptors with durability fsync
# and snapshots on (the defaults); each node's heap (-Xmx128m) and data directory at the end.
# Run from the repository root: bash docs/measure/ten-million.sh (about 10-20 minutes here).
set -u
cd "$(dirname "$0")/../.."
D=${DIR:-/tmp/m10}; TARGET=${TARGET:-10000000}; rm -rf $D
START=$(date +%s)
bin/concoord initialize -f concoord-objects/src/main/java/org/concoord/objects/Counter.java -c Counter -r 3 -a 3 --dir $D | tail -1
B=$(grep '^bootstrap' $D/deployment.properties | cut -d= -f2 | sed 's/\\//g')
while true; do
  bin/concoord bench -b $B --clients 64 --duration 60 --warmup 1 2>&1 | grep -E "ops/s" | tail -1
  V=$(bin/concoord call -b $B getvalue); echo "counter $V after $(( $(date +%s) - START )) s"
  [ "$V" -ge "$TARGET" ] && break
done
echo "== heap after a full GC (jcmd GC.heap_info), data directory (du)"
for pid in $(grep '\.pid=' $D/deployment.properties | cut -d= -f2); do
  role=$(grep -B0 "" $D/deployment.properties >/dev/null; ps -o args= -p $pid | awk '{for(i=1;i<=NF;i++) if($i=="replica"||$i=="acceptor") print $i}')
  jcmd $pid GC.run >/dev/null 2>&1
  used=$(jcmd $pid GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1)
  echo "pid $pid $role heap $used"
done
du -sh $D/data/* 
bin/concoord stop --dir $D | tail -1
echo "total $(( $(date +%s) - START )) s"
