#!/bin/bash
# Issue 13's measure: a replica holding 200 MiB of object state (--heap 1g) is caught up by a new
# replica, the state handed over in 1 MiB chunks. Prints the time from the new replica's process
# start to "caught up" (same executed slot as the leader), and the log line with the object size.
# Run from the repository root: bash docs/measure/snapshot-200m.sh (about 2 minutes).
set -u
cd "$(dirname "$0")/../.."
MIB=${MIB:-200}
D=/tmp/snap200; rm -rf $D
OBJ=concoord-cli/src/test/resources/objects/BigState.java
bin/concoord initialize -f $OBJ -c BigState -r 1 -a 1 --dir $D --heap 1g --retain-slots 20 | tail -1
B=$(grep '^bootstrap' $D/deployment.properties | cut -d= -f2 | sed 's/\\//g')
echo "bootstrap $B"
# 200 strings of 1 MiB each, generated on the replica (no 200 MiB request), then slots past the
# 20 retained so that the new replica needs a snapshot.
bin/concoord call -b $B grow $MIB 1048576
for i in $(seq 1 30); do bin/concoord call -b $B size > /dev/null; done
echo "state: $(bin/concoord call -b $B chars) chars"
LEADER_EXEC=$(bin/concoord status -b $B --json | python3 -c 'import json,sys; print(max(json.loads(l).get("executed",0) for l in sys.stdin if l.strip() and json.loads(l)["role"]=="replica"))')
echo "leader executed slots: $LEADER_EXEC"
START=$(date +%s.%N)
java -Xmx1g -cp concoord-cli/target/concoord.jar org.concoord.cli.Main replica -f $OBJ -c BigState -a 127.0.0.1 -p 14998 -b $B --retain-slots 20 --data-dir $D/data/joiner > $D/joiner.log 2>&1 &
JP=$!
# Done when the new replica logs that it restored the snapshot (the state is then all there).
while ! grep -q "caught up by snapshot" $D/joiner.log 2>/dev/null; do
  if ! kill -0 $JP 2>/dev/null; then echo "the new replica died:"; tail -20 $D/joiner.log; break; fi
  sleep 0.1
done
END=$(date +%s.%N)
echo "snapshot restored $(echo "$END - $START" | bc) s after the new replica's process started (JVM start, compiling BigState.java and joining included)"
grep -h "learned view\|caught up by snapshot" $D/joiner.log | head -2
grep -h -B1 "learned view\|caught up by snapshot" $D/joiner.log | grep -o "^[A-Z][a-z][a-z] [0-9]*, [0-9]* [0-9:]* [AP]M" | head -2
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -h "snapshot" $D/replica-*.log 2>/dev/null | tail -2
kill $JP; bin/concoord stop --dir $D | tail -1
