"""Closed-loop benchmark of the Python client: C threads calling one Client (pipelined over its
connection). Run: python3 docs/measure/python_bench.py ADDRESS CALLERS SECONDS [WARMUP]."""

import sys
import threading
import time

sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__),
                                               "..", "..", "clients", "python"))
import concoord  # noqa: E402


def main():
    address, callers, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    warmup = float(sys.argv[4]) if len(sys.argv) > 4 else 3.0
    client = concoord.Client(address, insecure=True)
    start = time.monotonic()
    measure_from, end = start + warmup, start + warmup + seconds
    samples = [[] for _ in range(callers)]
    errors = [0]

    def run(mine):
        while time.monotonic() < end:
            t0 = time.monotonic()
            try:
                client.call("increment")
            except concoord.ConcoordError:
                errors[0] += 1
            t1 = time.monotonic()
            if t0 >= measure_from and t1 <= end:
                mine.append(t1 - t0)

    threads = [threading.Thread(target=run, args=(samples[i],)) for i in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    latencies = sorted(x for s in samples for x in s)
    n = len(latencies)

    def pct(p):
        return latencies[min(n - 1, int(p * n))] * 1000 if n else 0

    print("python c=%d: %.0f ops/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d"
          % (callers, n / seconds, pct(0.5), pct(0.99), latencies[-1] * 1000 if n else 0,
             errors[0]))


if __name__ == "__main__":
    main()
