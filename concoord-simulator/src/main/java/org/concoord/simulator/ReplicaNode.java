package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.concoord.core.Ballot;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Snapshot;
import org.concoord.core.replica.Replica;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.view.View;

/**
 * A simulated replica process. Its protocol state is volatile: a crash loses it. A restart begins
 * from the genesis view and catches up from the others, or, for a durable replica, from the last
 * snapshot it kept (taken every few executed slots and after each view change, as the runtime's
 * store does), however old that is. A paused replica (SIGSTOP) neither ticks nor handles anything;
 * what arrives meanwhile waits in its inbox, as in a socket's buffer, and is handled on resume.
 */
final class ReplicaNode {
  final NodeId id;
  private final View genesis;
  private final Class<?> objectClass;
  private final ReplicaConfig config;
  private final Set<Mutation> mutations;
  private final SafetyOracle oracle;
  private final SplittableRandom random;
  private final boolean durable;
  private final int snapshotEverySlots;
  /** The fraction of its ticks this node loses (a loaded node's late thread). */
  final double tickLoss;
  /**
   * This node's tick rate against the simulation's (issue 20's clock drift); the lease drill
   * sets it to an extreme of the bound.
   */
  TickDrift drift;
  private Replica role;
  private Snapshot saved;
  private long savedEpoch = -1;
  boolean up = true;
  /** Paused until this tick (exclusive); 0 if not paused. */
  long pausedUntil;
  private final List<Runnable> inbox = new ArrayList<>();
  /** Whether this node asks to rejoin when it finds itself removed (the runtime's joiner). */
  final SimJoiner joiner;
  /** Changes at every crash and restart: a watcher's connection to the node is then reset. */
  int incarnation;
  /** Told the counter after each executed slot (watch checks), or null. */
  private SimWatchers watchers;

  ReplicaNode(
      NodeId id,
      View genesis,
      Class<?> objectClass,
      ReplicaConfig config,
      Set<Mutation> mutations,
      SafetyOracle oracle,
      SplittableRandom random,
      FaultPlan faults,
      double tickLoss,
      TickDrift drift) {
    this.drift = drift;
    this.id = id;
    this.genesis = genesis;
    this.objectClass = objectClass;
    this.config = config;
    this.mutations = mutations;
    this.oracle = oracle;
    this.random = random;
    this.durable = faults.durableReplicas();
    this.snapshotEverySlots = faults.snapshotEverySlots();
    this.tickLoss = tickLoss;
    this.joiner = new SimJoiner(id);
    this.role = fresh();
  }

  private Replica fresh() {
    ObjectHost host = new ObjectHost(objectClass);
    return new Replica(id, genesis, host, config, random.split(), mutations, tap(host));
  }

  /** Tells {@code recorder} the counter after each slot this node executes from now on. */
  void tapCounter(SimWatchers recorder) {
    this.watchers = recorder;
  }

  /** The oracle, and the counter's value after each executed slot for the watch checks. */
  private Observer tap(ObjectHost host) {
    return new Observer() {
      @Override
      public void onDecided(NodeId node, long slot, Batch batch) {
        oracle.onDecided(node, slot, batch);
      }

      @Override
      public void onExecuted(NodeId node, long slot, Batch batch) {
        oracle.onExecuted(node, slot, batch);
        if (watchers != null && host.instance() instanceof SimWorkload workload) {
          watchers.executed(node, slot, workload.get());
        }
      }

      @Override
      public void onRestored(NodeId node, long slot, int objectBytes, int sessions) {
        oracle.onRestored(node, slot, objectBytes, sessions);
      }

      @Override
      public void onDiverged(NodeId node, long slot, String detail) {
        oracle.onDiverged(node, slot, detail);
      }

      @Override
      public void onResynced(NodeId node, long slot) {
        oracle.onResynced(node, slot);
      }

      @Override
      public void onLeaseRead(NodeId node, Ballot ballot, long index, Set<View> views) {
        oracle.onLeaseRead(node, ballot, index, views);
      }

      @Override
      public void mark(String mark) {
        oracle.mark(mark);
      }
    };
  }

  Replica role() {
    return role;
  }

  boolean isPaused(long now) {
    return pausedUntil > now;
  }

  /** Runs {@code action} now, or on resume if paused; nothing if down. */
  void deliver(long now, Runnable action) {
    if (!up) {
      return;
    }
    // A pause that ended this tick is resumed first, as the runtime's loop would: its clock jump
    // must reach the lease before a message (seed 628: a read arriving in the tick the pause
    // ended, before the tick loop resumed the node, was answered under a lease real time had
    // used up while the node stood still).
    maybeResume(now);
    if (isPaused(now)) {
      inbox.add(action);
    } else {
      action.run();
    }
  }

  /** Resumes a pause that is over: what waited is handled now, in arrival order. */
  void maybeResume(long now) {
    if (pausedUntil == 0 || isPaused(now)) {
      return;
    }
    pausedUntil = 0;
    role.clockJumped(); // as the runtime's loop, late by the pause, tells it
    List<Runnable> waiting = new ArrayList<>(inbox);
    inbox.clear();
    waiting.forEach(Runnable::run);
  }

  /** Keeps a snapshot as the runtime's store would: every few slots and on a view change. */
  void maybeSave() {
    if (!durable) {
      return;
    }
    long executed = role.slotExecutedMax();
    long savedSlot = saved == null ? 0 : saved.slot();
    long epoch = role.latestView().epoch();
    boolean due = executed - savedSlot >= snapshotEverySlots
        || (epoch != savedEpoch && executed > savedSlot);
    if (due) {
      Snapshot snapshot = role.snapshot();
      if (snapshot != null) {
        saved = snapshot;
        savedEpoch = epoch;
      }
    }
  }

  void crash() {
    incarnation++;
    up = false;
    pausedUntil = 0;
    inbox.clear();
  }

  void restart() {
    incarnation++;
    role = fresh();
    if (durable && saved != null) {
      role.restore(saved);
      oracle.replicaRestarted(id, saved.slot());
    } else {
      oracle.replicaRestarted(id, 0);
    }
    joiner.restarted();
    up = true;
  }
}
