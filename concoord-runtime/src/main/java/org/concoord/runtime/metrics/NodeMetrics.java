package org.concoord.runtime.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.concoord.core.NodeId;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Message;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Propose;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;
import org.concoord.runtime.TrafficCounters;
import org.concoord.runtime.logging.NodeLogContext;
import org.concoord.runtime.storage.StorageProbe;

/**
 * One node's metrics in the Prometheus Java client's registry of its own (tests run several nodes
 * in one JVM), named in etcd's style with the node and its role as constant labels. The node thread
 * feeds it ({@link #onTick}, {@link #onPeerMessage}, {@link #calls}, {@link #observer}); the
 * storage threads report through {@link #storage}; a scrape reads the last published {@link
 * NodeHealth} and the thread-safe counters, never the role.
 */
public final class NodeMetrics {
  /** Ticks between two readings of the hosted object's fencing tokens. */
  static final long FENCING_EVERY_TICKS = 100;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final NodeId self;
  private final Role role;
  private final Labels constLabels;
  private final HealthTracker tracker;
  private final CallMetrics calls;
  private final RoleObserver observer;
  private final StorageMetrics storage;
  private final FencingTokens fencing;
  private long objectTicks;
  private final NodeLogContext logContext;
  private volatile NodeHealth health;
  private volatile long certificateNotAfter = -1;
  private volatile long tickedNanos = System.nanoTime();

  public NodeMetrics(NodeId self, Role role) {
    this.self = self;
    this.role = role;
    this.constLabels =
        Labels.of("node", self.toString(), "role", role.name().toLowerCase(Locale.ROOT));
    this.tracker = new HealthTracker(self);
    this.logContext = new NodeLogContext(self, role);
    this.calls = new CallMetrics(constLabels, registry);
    this.observer = new RoleObserver(constLabels, registry, tracker);
    this.storage = new StorageMetrics(constLabels, registry);
    this.fencing = new FencingTokens(constLabels, registry);
    registerHealthGauges();
  }

  /** Adds the JVM's metrics (memory, GC, threads, ...): once per process, not per test node. */
  public NodeMetrics withJvm() {
    JvmMetrics.builder().register(registry);
    return this;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public NodeId self() {
    return self;
  }

  /** The latest state the node thread published, or null before its first tick. */
  public NodeHealth health() {
    return health;
  }

  public CallMetrics calls() {
    return calls;
  }

  /** Node thread: a client request arrived (counted, and its method named in the log context). */
  public void onClientRequest(ClientRequest request) {
    logContext.method(request.command().call().method());
    calls.onRequest(request);
  }

  /** The observer to hand to the replica's core (counts commits, batches, elections, ...). */
  public RoleObserver observer() {
    return observer;
  }

  public StorageProbe storage() {
    return storage;
  }

  /** Node thread: a peer's message arrived. */
  public void onPeerMessage(Message message) {
    logContext.clearMethod();
    if (message instanceof Heartbeat heartbeat) {
      tracker.onHeartbeat(heartbeat);
    } else if (role == Role.ACCEPTOR && message instanceof Propose propose) {
      tracker.heardLeader(propose.pvalue().ballot());
    } else if (role == Role.ACCEPTOR && message instanceof Prepare prepare) {
      tracker.heardLeader(prepare.ballot());
    }
  }

  /** Exposes the transport's connections and bytes. */
  public void network(TrafficCounters traffic) {
    CounterWithCallback.builder()
        .name("concoord_network_connections_opened_total")
        .help("TCP connections opened (peers' and clients', both ways).")
        .constLabels(constLabels)
        .callback(callback -> callback.call(traffic.connectionsOpened()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("concoord_network_connections")
        .help("TCP connections open now.")
        .constLabels(constLabels)
        .callback(
            callback -> callback.call(traffic.connectionsOpened() - traffic.connectionsClosed()))
        .register(registry);
    CounterWithCallback.builder()
        .name("concoord_network_received_bytes_total")
        .help("Bytes read from connections.")
        .constLabels(constLabels)
        .callback(callback -> callback.call(traffic.bytesRead()))
        .register(registry);
    CounterWithCallback.builder()
        .name("concoord_network_sent_bytes_total")
        .help("Bytes written to connections.")
        .constLabels(constLabels)
        .callback(callback -> callback.call(traffic.bytesWritten()))
        .register(registry);
  }

  /**
   * Node thread, every tick: the hosted object (a replica's; else null), whose fencing tokens are
   * read once a second.
   */
  public void onTickObject(Object hosted) {
    if (hosted != null && ++objectTicks % FENCING_EVERY_TICKS == 0) {
      fencing.read(hosted);
    }
  }

  /** Node thread, every tick: publishes the node's state for scrapes and the admin listener. */
  public void onTick(StatusReply status, int sessions) {
    NodeHealth next = tracker.onTick(status, sessions);
    health = next;
    logContext.update(next.ballot(), next.slotExecuted());
    tickedNanos = System.nanoTime();
  }

  /** Nanoseconds since the node thread last ticked (liveness: a stuck loop stops ticking). */
  public long sinceTickNanos() {
    return System.nanoTime() - tickedNanos;
  }

  /** Client commands this node executed, for the status page's ops/s. */
  public long committed() {
    return observer.committed();
  }

  /** How often the protocol event {@code event} happened ({@code concoord_server_events_total}). */
  public long events(String event) {
    return observer.events(event);
  }

  /**
   * Exposes when this node's TLS certificate expires ({@code notAfterEpochSeconds}), for the
   * certificate-expiry alert and the status page.
   */
  public void certificateExpiry(long notAfterEpochSeconds) {
    certificateNotAfter = notAfterEpochSeconds;
    GaugeWithCallback.builder()
        .name("concoord_tls_certificate_expiry_timestamp_seconds")
        .help("When this node's TLS certificate expires (Unix time).")
        .constLabels(constLabels)
        .callback(callback -> callback.call(notAfterEpochSeconds))
        .register(registry);
  }

  /** When this node's certificate expires (Unix seconds), or -1 without TLS. */
  public long certificateNotAfter() {
    return certificateNotAfter;
  }

  private void registerHealthGauges() {
    gauge(
        "concoord_server_has_leader",
        "1 if this node leads or heard its leader recently.",
        h -> h.hasLeader() ? 1 : 0);
    gauge(
        "concoord_server_is_leader",
        "1 if this node is the active leader.",
        h -> h.leading() ? 1 : 0);
    gauge(
        "concoord_server_ballot_round",
        "Round of the highest ballot this node knows.",
        NodeHealth::ballotRound);
    gauge(
        "concoord_server_view_epoch",
        "Epoch of the newest view this node knows.",
        NodeHealth::viewEpoch);
    GaugeWithCallback.builder()
        .name("concoord_server_view_members")
        .help("Members of the newest view this node knows, by role.")
        .labelNames("member_role")
        .constLabels(constLabels)
        .callback(
            callback -> {
              NodeHealth h = health;
              if (h != null && h.viewEpoch() >= 0) {
                callback.call(h.replicas(), "replica");
                callback.call(h.acceptors(), "acceptor");
                callback.call(h.nameservers(), "nameserver");
              }
            })
        .register(registry);
    gauge(
        "concoord_server_slot_executed",
        "Highest slot executed (acceptor: slots held).",
        NodeHealth::slotExecuted);
    gauge(
        "concoord_server_slot_decided",
        "Highest slot this node knows to be decided.",
        NodeHealth::slotDecidedKnown);
    gauge(
        "concoord_server_lag_slots",
        "Decided slots this node has yet to execute.",
        NodeHealth::lagSlots);
    gauge(
        "concoord_server_leader_silence_seconds",
        "Time since this node last heard its leader.",
        h -> h.leaderSilenceTicks() == Long.MAX_VALUE ? -1 : h.leaderSilenceTicks() / 100.0);
    gauge(
        "concoord_server_sessions",
        "Client sessions held in the reply cache.",
        NodeHealth::sessions);
    CounterWithCallback.builder()
        .name("concoord_server_leader_changes_seen_total")
        .help("Times this node saw the leader change.")
        .constLabels(constLabels)
        .callback(callback -> callback.call(tracker.leaderChanges()))
        .register(registry);
  }

  private void gauge(String name, String help, ToDoubleFunction<NodeHealth> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .constLabels(constLabels)
        .callback(
            callback -> {
              NodeHealth h = health;
              if (h != null) {
                callback.call(value.applyAsDouble(h));
              }
            })
        .register(registry);
  }

  /** A counter with this node's labels. */
  static Counter counter(
      Labels constLabels,
      PrometheusRegistry registry,
      String name,
      String help,
      String... labelNames) {
    return Counter.builder()
        .name(name)
        .help(help)
        .constLabels(constLabels)
        .labelNames(labelNames)
        .withoutExemplars()
        .register(registry);
  }

  /** A classic histogram with this node's labels and the given bucket bounds. */
  static Histogram histogram(
      Labels constLabels,
      PrometheusRegistry registry,
      String name,
      String help,
      Unit unit,
      double[] bounds,
      String... labelNames) {
    Histogram.Builder builder =
        Histogram.builder()
            .name(name)
            .help(help)
            .constLabels(constLabels)
            .labelNames(labelNames)
            .classicOnly()
            .classicUpperBounds(bounds);
    if (unit != null) {
      builder.unit(unit);
    }
    return builder.withoutExemplars().register(registry);
  }
}
