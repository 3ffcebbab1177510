package org.concoord.runtime.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
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
import org.concoord.core.message.Outcome;

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

  private static final Outcome[] OUTCOMES = Outcome.values();

  private record Key(long clientId, long seq) {}

  /**
   * One method's series, each looked up once (and only once used, so the exposition shows no series
   * that never counted): the client library's label lookup hashes a fresh list of label values on
   * every call, which showed as the largest allocation of a loaded leader.
   */
  private final class Series {
    final String method;
    private DistributionDataPoint latencyPoint;
    private GaugeDataPoint parkedPoint;
    private final CounterDataPoint[] outcomePoints = new CounterDataPoint[OUTCOMES.length];

    Series(String method) {
      this.method = method;
    }

    DistributionDataPoint latency() {
      if (latencyPoint == null) {
        latencyPoint = latency.labelValues(method);
      }
      return latencyPoint;
    }

    GaugeDataPoint parked() {
      if (parkedPoint == null) {
        parkedPoint = parked.labelValues(method);
      }
      return parkedPoint;
    }

    CounterDataPoint outcome(Outcome outcome) {
      CounterDataPoint point = outcomePoints[outcome.ordinal()];
      if (point == null) {
        point = outcomes.labelValues(method, outcome.name().toLowerCase(Locale.ROOT));
        outcomePoints[outcome.ordinal()] = point;
      }
      return point;
    }
  }

  private static final class Pending {
    final Series series;
    final long startedNanos;
    boolean parked;

    Pending(Series series, long startedNanos) {
      this.series = series;
      this.startedNanos = startedNanos;
    }
  }

  private volatile long callsDone;
  private volatile long callNanosTotal;
  private volatile Map<String, Integer> parkedByMethod = Map.of();
  private final Histogram latency;
  private final Counter outcomes;
  private final Gauge parked;
  private final Map<String, Series> methods = new HashMap<>();
  private Series other;
  private final Map<Key, Pending> pending =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Pending> eldest) {
          if (size() <= PENDING_MAX) {
            return false;
          }
          if (eldest.getValue().parked) {
            eldest.getValue().series.parked().dec();
            publishParked(eldest.getValue().series.method, -1);
          }
          return true;
        }
      };

  CallMetrics(Labels constLabels, PrometheusRegistry registry) {
    latency =
        NodeMetrics.histogram(
            constLabels,
            registry,
            "concoord_server_call_duration_seconds",
            "Time from a client request's arrival to its final reply, by method.",
            null,
            LATENCY_BOUNDS,
            "method");
    outcomes =
        NodeMetrics.counter(
            constLabels,
            registry,
            "concoord_server_calls_total",
            "Replies to client calls, by method and outcome.",
            "method",
            "outcome");
    parked =
        Gauge.builder()
            .name("concoord_server_calls_parked")
            .help("Calls parked by a blocking object now, by method.")
            .constLabels(constLabels)
            .labelNames("method")
            .register(registry);
  }

  /** A client request arrived (a retry keeps the first arrival's time). */
  public void onRequest(ClientRequest request) {
    ClientCommand command = request.command();
    Key key = new Key(command.clientId(), command.seq());
    if (!pending.containsKey(key)) {
      pending.put(key, new Pending(series(command.call().method()), System.nanoTime()));
    }
  }

  /** A reply left for a client. */
  public void onReply(ClientReply reply) {
    Key key = new Key(reply.clientId(), reply.seq());
    Pending call = pending.get(key);
    Series series = call == null ? other() : call.series;
    series.outcome(reply.outcome()).inc();
    if (call == null) {
      return;
    }
    switch (reply.outcome()) {
      case BLOCKED -> {
        if (!call.parked) {
          call.parked = true;
          series.parked().inc();
          publishParked(series.method, 1);
        }
      }
      default -> {
        if (call.parked) {
          series.parked().dec();
          publishParked(series.method, -1);
        }
        pending.remove(key);
        long took = System.nanoTime() - call.startedNanos;
        series.latency().observe(took / 1e9);
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

  /**
   * The series of {@code method}: its own, or {@link #OTHER}'s once {@link #METHODS_MAX} are used.
   */
  private Series series(String method) {
    Series known = methods.get(method);
    if (known != null) {
      return known;
    }
    if (methods.size() >= METHODS_MAX) {
      return other();
    }
    Series series = new Series(method);
    methods.put(method, series);
    return series;
  }

  private Series other() {
    if (other == null) {
      other = new Series(OTHER);
    }
    return other;
  }
}
