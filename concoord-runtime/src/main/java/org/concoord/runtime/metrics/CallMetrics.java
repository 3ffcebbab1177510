package org.concoord.runtime.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;

/**
 * Client calls as this node sees them: from a request's arrival to its final reply, by method
 * (latency histogram, outcomes, calls parked by blocking objects now). Node thread only; the
 * Prometheus metrics it writes are thread-safe for scrapes.
 *
 * <p>Bounded: at most {@link #PENDING_MAX} calls are followed at once (the oldest is forgotten
 * beyond it) and at most {@link #METHODS_MAX} method names become label values; calls to any
 * further name (a client may send any) count as {@code other}.
 */
public final class CallMetrics {
  static final int PENDING_MAX = 65_536;
  static final int METHODS_MAX = 64;
  static final String OTHER = "other";

  /** Bucket bounds of the call latency, in seconds: 100 us to 10 s. */
  private static final double[] LATENCY_BOUNDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private record Key(long clientId, long seq) {}

  private static final class Pending {
    final String method;
    final long startedNanos;
    boolean parked;

    Pending(String method, long startedNanos) {
      this.method = method;
      this.startedNanos = startedNanos;
    }
  }

  private volatile long callsDone;
  private volatile long callNanosTotal;
  private volatile Map<String, Integer> parkedByMethod = Map.of();
  private final Histogram latency;
  private final Counter outcomes;
  private final Gauge parked;
  private final Map<String, String> methods = new HashMap<>();
  private final Map<Key, Pending> pending = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Pending> eldest) {
      if (size() <= PENDING_MAX) {
        return false;
      }
      if (eldest.getValue().parked) {
        parked.labelValues(eldest.getValue().method).dec();
        publishParked(eldest.getValue().method, -1);
      }
      return true;
    }
  };

  CallMetrics(Labels constLabels, PrometheusRegistry registry) {
    latency = NodeMetrics.histogram(constLabels, registry, "concoord_server_call_duration_seconds",
        "Time from a client request's arrival to its final reply, by method.", null,
        LATENCY_BOUNDS, "method");
    outcomes = NodeMetrics.counter(constLabels, registry, "concoord_server_calls_total",
        "Replies to client calls, by method and outcome.", "method", "outcome");
    parked = Gauge.builder().name("concoord_server_calls_parked")
        .help("Calls parked by a blocking object now, by method.")
        .constLabels(constLabels).labelNames("method").register(registry);
  }

  /** A client request arrived (a retry keeps the first arrival's time). */
  public void onRequest(ClientRequest request) {
    ClientCommand command = request.command();
    Key key = new Key(command.clientId(), command.seq());
    if (!pending.containsKey(key)) {
      pending.put(key, new Pending(label(command.call().method()), System.nanoTime()));
    }
  }

  /** A reply left for a client. */
  public void onReply(ClientReply reply) {
    Key key = new Key(reply.clientId(), reply.seq());
    Pending call = pending.get(key);
    String method = call == null ? OTHER : call.method;
    outcomes.labelValues(method, reply.outcome().name().toLowerCase(Locale.ROOT)).inc();
    if (call == null) {
      return;
    }
    switch (reply.outcome()) {
      case BLOCKED -> {
        if (!call.parked) {
          call.parked = true;
          parked.labelValues(method).inc();
          publishParked(method, 1);
        }
      }
      default -> {
        if (call.parked) {
          parked.labelValues(method).dec();
          publishParked(method, -1);
        }
        pending.remove(key);
        long took = System.nanoTime() - call.startedNanos;
        latency.labelValues(method).observe(took / 1e9);
        callNanosTotal += took; // node thread only: volatile for readers, not for atomicity
        callsDone++;
      }
    }
  }

  private void publishParked(String method, int delta) {
    Map<String, Integer> next = new java.util.TreeMap<>(parkedByMethod);
    next.merge(method, delta, Integer::sum);
    next.values().removeIf(count -> count <= 0);
    parkedByMethod = Map.copyOf(next);
  }

  /** Calls parked now, by method (any thread). */
  public Map<String, Integer> parkedByMethod() {
    return parkedByMethod;
  }

  /** Calls answered finally so far (any thread). */
  public long callsDone() {
    return callsDone;
  }

  /** Their latencies added up, in nanoseconds (any thread). */
  public long callNanosTotal() {
    return callNanosTotal;
  }

  /** The label for {@code method}: itself, or {@link #OTHER} once {@link #METHODS_MAX} are used. */
  private String label(String method) {
    String known = methods.get(method);
    if (known != null) {
      return known;
    }
    if (methods.size() >= METHODS_MAX) {
      return OTHER;
    }
    methods.put(method, method);
    return method;
  }
}
