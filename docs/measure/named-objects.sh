#!/bin/bash
# Issue 18's measures. Run from the repository root: bash docs/measure/named-objects.sh
# 1. 100,000 small named objects (Counters) in one instance: heap per replica after a full GC,
#    the snapshot file's size, and the time for a new replica to catch up (process start to
#    executed the leader's slot).
# 2. The bench in one run: c=64 calls spread over 10,000 named objects against all on the default
#    object (the objects are created before the windows).
set -u
cd "$(dirname "$0")/../.."
N=${N:-100000}
D=/tmp/named-m; rm -rf $D
JAR=concoord-objects/target/concoord-objects-0.1.0-SNAPSHOT.jar
bin/concoord initialize -f $JAR -c org.concoord.objects.Counter -r 3 -a 3 --dir $D --heap 512m \
  --insecure | tail -1
B=$(grep '^bootstrap' $D/deployment.properties | cut -d= -f2 | sed 's/\\//g')
echo "bootstrap $B"
START=$(date +%s.%N)
# --objects creates bench/0..N-1 before its window (one increment each)
bin/concoord bench -b $B --insecure --objects $N --clients 64 --duration 1 --warmup 0 \
  --jvm-warmup 0 | tail -1
echo "created $N objects in $(echo "$(date +%s.%N) - $START" | bc) s"
bin/concoord objects -b $B --insecure list bench/ | wc -l
sleep 12 # a snapshot every --snapshot-every slots: let one be written after the creations
for PID in $(ps -eo pid,args | grep "Main replica" | grep "$D/data" | grep -v grep | awk '{print $1}'); do
  jcmd $PID GC.run >/dev/null
  echo "replica pid $PID heap after GC: $(jcmd $PID GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
done
ls -l $D/data/*/snapshot 2>/dev/null | awk '{print "snapshot file " $9 ": " $5 " bytes"}'
LEADER_EXEC=$(bin/concoord status -b $B --insecure --json | python3 -c 'import json,sys; print(max(json.loads(l).get("executed",0) for l in sys.stdin if l.strip() and json.loads(l)["role"]=="replica"))')
echo "leader executed slots: $LEADER_EXEC"
START=$(date +%s.%N)
java -Xmx512m -cp concoord-cli/target/concoord.jar org.concoord.cli.Main replica -f $JAR \
  -c org.concoord.objects.Counter -a 127.0.0.1 -p 14998 -b $B --insecure \
  --data-dir $D/data/joiner > $D/joiner.log 2>&1 &
JP=$!
while true; do
  E=$(bin/concoord status -b 127.0.0.1:14998 --insecure --json 2>/dev/null | python3 -c 'import json,sys; print([json.loads(l).get("executed",0) for l in sys.stdin if l.strip() and json.loads(l)["address"]=="127.0.0.1:14998"][0])' 2>/dev/null || echo 0)
  if [ "${E:-0}" -ge "${LEADER_EXEC:-1}" ]; then break; fi
  sleep 0.05
done
echo "new replica caught up to slot $E in $(echo "$(date +%s.%N) - $START" | bc) s (JVM start, loading and checking the jar's classes, snapshot, log tail)"
jcmd $JP GC.run >/dev/null; echo "new replica heap after GC: $(jcmd $JP GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
kill $JP
bin/concoord stop --dir $D | tail -1

# 2. the bench: one run, both windows (c=64; the default object, then 10,000 named objects)
D2=/tmp/named-b; rm -rf $D2
bin/concoord bench --dir $D2 -f $JAR -c org.concoord.objects.Counter --insecure \
  --objects 0,10000 --clients 64 --duration 10 --warmup 3
