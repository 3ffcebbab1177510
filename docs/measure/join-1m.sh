#!/bin/bash
# Issue 5's measure: a replica joining an instance whose log holds >= 1,000,000 decided commands.
# Run from the repository root: bash docs/measure/join-1m.sh (about 3 minutes).
set -u
cd "$(dirname "$0")/../.."
D=/tmp/m1; rm -rf $D
bin/concoord initialize -f concoord-objects/src/main/java/org/concoord/objects/Counter.java -c Counter -r 3 -a 3 --dir $D | tail -1
B=$(grep '^bootstrap' $D/deployment.properties | cut -d= -f2 | sed 's/\\//g')
echo "bootstrap $B"
while true; do
  bin/concoord bench -b $B --clients 64 --duration 30 --warmup 1 2>&1 | grep -E "ops/s|clients" | tail -2
  V=$(bin/concoord call -b $B getvalue)
  echo "counter $V"
  [ "$V" -ge 1000000 ] && break
done
# the joiner: a precompiled class, so that the figure is the join, not javac
mkdir -p /tmp/m1cls && javac -d /tmp/m1cls concoord-objects/src/main/java/org/concoord/objects/Counter.java 2>/dev/null || true
LEADER_EXEC=$(bin/concoord status -b $B --json | python3 -c 'import json,sys; print(max(json.loads(l).get("executed",0) for l in sys.stdin if l.strip() and json.loads(l)["role"]=="replica"))' 2>/dev/null)
echo "leader executed slots: $LEADER_EXEC"
START=$(date +%s.%N)
java -Xmx128m -cp concoord-cli/target/concoord.jar org.concoord.cli.Main replica -f concoord-objects/src/main/java/org/concoord/objects/Counter.java -c Counter -a 127.0.0.1 -p 14999 -b $B --data-dir $D/data/joiner > $D/joiner.log 2>&1 &
JP=$!
while true; do
  E=$(bin/concoord status -b 127.0.0.1:14999 --json 2>/dev/null | python3 -c 'import json,sys; print([json.loads(l).get("executed",0) for l in sys.stdin if l.strip() and json.loads(l)["address"]=="127.0.0.1:14999"][0])' 2>/dev/null || echo 0)
  if [ "${E:-0}" -ge "${LEADER_EXEC:-1}" ]; then break; fi
  sleep 0.05
done
END=$(date +%s.%N)
echo "joiner at slot $E after $(echo "$END - $START" | bc) s (process start to caught up, including JVM start and compiling Counter.java)"
grep -h "caught up by snapshot\|learned view" $D/joiner.log | head -3
V2=$(bin/concoord call -b 127.0.0.1:14999 getvalue); echo "counter via the joiner: $V2"
kill $JP; bin/concoord stop --dir $D | tail -1
