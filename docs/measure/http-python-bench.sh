#!/usr/bin/env bash
# HTTP/JSON (keep-alive, c=64) and the Python client against the Java client (`concoord bench`,
# the baseline), all in one run against one local instance (1 replica with --http-port, 1
# acceptor, fsync durability, plaintext: --insecure, so that TLS costs are not compared).
# Usage: bash docs/measure/http-python-bench.sh [SECONDS] [CALLERS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-10}
callers=${2:-64}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
cd "$work"
"$root/bin/concoord" replica --insecure -f "$root/concoord-objects/src/main/java/org/concoord/objects/Counter.java" \
  -c Counter --http-port 0 > replica.log 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q "concoord http" replica.log && break; sleep 0.1; done
replica=$(sed -n 's/^concoord replica \([^ ]*\) .*/\1/p' replica.log)
http=$(sed -n 's|^concoord http \(http://[^ ]*\) for .*|\1|p' replica.log)
"$root/bin/concoord" acceptor --insecure -b "$replica" > acceptor.log 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q "concoord acceptor" acceptor.log && break; sleep 0.1; done
echo "instance: replica $replica, HTTP $http, load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/bin/concoord" bench --insecure -b "$replica" --clients "$callers" --duration "$seconds" \
  --method increment
java "$root/docs/measure/HttpBench.java" "$http/increment" "$callers" "$seconds"
python3 "$root/docs/measure/python_bench.py" "$replica" "$callers" "$seconds"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
