package org.concoord.runtime.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;

/**
 * The core's {@link Observer} turned into counters: what a replica decided and executed, and the
 * rare paths the core marks (elections, catch-ups, replies from the reply cache). Called on the
 * node thread inside the role's step.
 */
public final class RoleObserver implements Observer {
  private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  private final HealthTracker tracker;
  private final Counter committed;
  private final Counter decided;
  private final Histogram batchSize;
  private final Counter events;

  RoleObserver(Labels constLabels, PrometheusRegistry registry, HealthTracker tracker) {
    this.tracker = tracker;
    committed =
        NodeMetrics.counter(
            constLabels,
            registry,
            "concoord_server_proposals_committed_total",
            "Client commands and reconfigurations this node executed.");
    decided =
        NodeMetrics.counter(
            constLabels,
            registry,
            "concoord_server_slots_decided_total",
            "Slots this node learned as decided (no-ops included).");
    batchSize =
        NodeMetrics.histogram(
            constLabels,
            registry,
            "concoord_server_batch_size_commands",
            "Commands per executed batch (no-op slots excluded).",
            null,
            BATCH_BOUNDS);
    events =
        NodeMetrics.counter(
            constLabels,
            registry,
            "concoord_server_events_total",
            "Protocol events by kind: election (campaigns), catch_up (asked for decisions), "
                + "snapshot_sent, snapshot_restored, reply_cache_hit (a retried call answered from "
                + "the reply cache), session_expired, node_removed, lease_read (a read answered "
                + "under the leader's read lease, no round), clock_jumped (the node's thread lost "
                + "more ticks than it catches up: its read lease was dropped).",
            "event");
  }

  long committed() {
    return (long) committed.get();
  }

  long events(String event) {
    return (long) events.labelValues(event).get();
  }

  @Override
  public void onDecided(NodeId node, long slot, Batch batch) {
    decided.inc();
    tracker.onDecided(slot);
  }

  @Override
  public void onExecuted(NodeId node, long slot, Batch batch) {
    if (batch.isNoop()) {
      return;
    }
    int commands = 0;
    for (Command command : batch.commands()) {
      if (!(command instanceof ClientCommand client)
          || !client.call().method().equals(Call.KEEPALIVE_METHOD)) {
        commands++;
      }
    }
    committed.inc(commands);
    batchSize.observe(batch.commands().size());
  }

  @Override
  public void onRestored(NodeId node, long slot, int objectBytes, int sessions) {
    events.labelValues("snapshot_restored").inc();
  }

  @Override
  public void mark(String mark) {
    String event =
        switch (mark) {
          case "leader.campaign" -> "election";
          case "replica.catch-up-requested", "replica.catch-up-unprompted" -> "catch_up";
          case "replica.snapshot-sent" -> "snapshot_sent";
          case "reply-cache.duplicate-answered" -> "reply_cache_hit";
          case "sessions.expired" -> "session_expired";
          case "leader.remove-unreachable" -> "node_removed";
          case "reads.lease" -> "lease_read";
          case "lease.clock-jumped" -> "clock_jumped";
          default -> null;
        };
    if (event != null) {
      events.labelValues(event).inc();
    }
  }
}
