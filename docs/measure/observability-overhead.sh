#!/bin/bash
# Issue 17's measure: the cost of being scraped. A 3+3 instance, every node with its admin
# listener; `concoord bench` at 64 callers, alternating windows without scraping and with a real
# Prometheus scraping every node's /metrics every second (ROUNDS of each, in one run).
# Run from the repository root: bash docs/measure/observability-overhead.sh (about 6 minutes).
set -u
cd "$(dirname "$0")/../.."
# The jar itself, not bin/concoord: a source edited meanwhile must not trigger a rebuild mid-run.
# Plaintext (--insecure) on both sides: the nodes' admin listeners then serve plain HTTP, which
# the Prometheus configuration below scrapes; the ratio measured is scraping's cost, not TLS's.
mvn -B -q -DskipTests package || exit 1
CC="java -jar concoord-cli/target/concoord.jar"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20}
D=$(mktemp -d /tmp/obs-overhead.XXXX)
F=concoord-objects/src/main/java/org/concoord/objects/Counter.java
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null; [ -n "${prom:-}" ] && kill "$prom" 2>/dev/null; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
targets=()
node() {  # role name args...; sets ADDRESS (not in $(...): targets and pids must persist)
  local role=$1 name=$2; shift 2
  local admin; admin=$(port)
  $CC "$role" "$@" --insecure --data-dir "$D/data-$name" --admin-port "$admin" > "$D/$name.log" 2>&1 &
  pids+=($!)
  targets+=("'127.0.0.1:$admin'")
  until grep -q "^concoord admin" "$D/$name.log"; do sleep 0.2; done
  ADDRESS=$(grep "^concoord $role" "$D/$name.log" | awk '{print $3}')
}
node replica r1 -f $F -c Counter; R1=$ADDRESS
node acceptor a1 -b "$R1"
node acceptor a2 -b "$R1"
node acceptor a3 -b "$R1"
node replica r2 -f $F -c Counter -b "$R1"; R2=$ADDRESS
node replica r3 -f $F -c Counter -b "$R1"; R3=$ADDRESS
B="$R1,$R2,$R3"
echo "bootstrap $B"
until $CC call --insecure -b "$B" getvalue > /dev/null 2>&1; do sleep 0.5; done
cat > "$D/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: concoord
    static_configs:
      - targets: [$(IFS=,; echo "${targets[*]}")]
YML
PP=$(port)
bench() {
  $CC bench --insecure -b "$B" --clients 64 --duration "$DURATION" --warmup 2 --jvm-warmup "$1" \
    2>&1 | grep "^clients=64" | tail -1
}
echo "JVM warm-up window (not counted):"; bench 15
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round, no scraping: $(bench 0)"
  prometheus --config.file="$D/prometheus.yml" --storage.tsdb.path="$D/prom-$round" \
    --web.listen-address=127.0.0.1:$PP --log.level=warn > "$D/prom.log" 2>&1 &
  prom=$!
  until curl -sf "http://127.0.0.1:$PP/-/ready" > /dev/null; do sleep 0.2; done
  sleep 2
  echo "round $round, scraped every 1 s: $(bench 0)"
  up=$(curl -s "http://127.0.0.1:$PP/api/v1/query?query=sum(up)" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["data"]["result"][0]["value"][1])')
  echo "  (targets up during the window: $up of 6)"
  kill "$prom"; wait "$prom" 2>/dev/null; prom=
done
