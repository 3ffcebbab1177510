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
import org.concoord.core.join.JoiningReplica;
import org.concoord.core.message.Snapshot;
import org.concoord.core.replica.Replica;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.view.View;

/**
 * A simulated replica process, its membership the core's {@link JoiningReplica} as in the runtime:
 * a replica of the genesis view starts at once; one the run adds asks the members named at its
 * start to add it, and starts from the genesis view in the first reply that admits it. A replica
 * that finds itself outside its newest view asks to be added again, unless the run removed it on
 * purpose ({@link #retire}). Its protocol state is volatile: a crash loses it. A restart begins
 * from the genesis view (the one it started from; a runtime replica keeps it on disk) and catches
 * up from the others, or, for a durable replica, from the last snapshot it kept (taken every few
 * executed slots and after each view change, as the runtime's store does), however old that is; one
 * that crashed before any reply admitted it asks again. A paused replica (SIGSTOP) neither ticks
 * nor handles anything; what arrives meanwhile waits in its inbox, as in a socket's buffer, and is
 * handled on resume.
 */
final class ReplicaNode {
  /** Ticks between join requests: a fifth of the runtime's, as the simulated runs are short. */
  static final int JOIN_RETRY_TICKS = 20;

  final NodeId id;

  /** The view it started from, or null while it has not been admitted. */
  private View genesis;

  /** The members it asks to add it, or null for a replica of the genesis view. */
  private final List<NodeId> bootstrap;

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
   * This node's tick rate against the simulation's (issue 20's clock drift); the lease drill sets
   * it to an extreme of the bound.
   */
  TickDrift drift;

  private JoiningReplica joining;
  private boolean retired;
  private Snapshot saved;
  private long savedEpoch = -1;
  boolean up = true;

  /** Paused until this tick (exclusive); 0 if not paused. */
  long pausedUntil;

  private final List<Runnable> inbox = new ArrayList<>();

  /** Changes at every crash and restart: a watcher's connection to the node is then reset. */
  int incarnation;

  /** Told the counter after each executed slot (watch checks), or null. */
  private SimWatchers watchers;

  /** {@code bootstrap}: null for a replica of {@code genesis}; else the members to ask. */
  ReplicaNode(
      NodeId id,
      View genesis,
      List<NodeId> bootstrap,
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
    this.genesis = bootstrap == null ? genesis : null;
    this.bootstrap = bootstrap == null ? null : List.copyOf(bootstrap);
    this.objectClass = objectClass;
    this.config = config;
    this.mutations = mutations;
    this.oracle = oracle;
    this.random = random;
    this.durable = faults.durableReplicas();
    this.snapshotEverySlots = faults.snapshotEverySlots();
    this.tickLoss = tickLoss;
    this.joining = fresh();
  }

  /** A new process: started from its genesis view if it has one, else asking to join. */
  private JoiningReplica fresh() {
    JoiningReplica fresh =
        new JoiningReplica(
            id,
            new byte[0],
            JOIN_RETRY_TICKS,
            this::start,
            warning -> {},
            refusal -> oracle.fail(id + " was refused: " + refusal));
    if (genesis != null) {
      fresh.start(genesis);
    } else {
      fresh.join(bootstrap);
    }
    if (retired) {
      fresh.retire();
    }
    return fresh;
  }

  private Replica start(View from) {
    genesis = from;
    ObjectHost host = new ObjectHost(objectClass);
    return new Replica(id, from, host, config, random.split(), mutations, tap(host));
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
      public void onJoinQueued(NodeId node, org.concoord.core.command.Reconfigure change) {
        oracle.onJoinQueued(node, change);
      }

      @Override
      public void mark(String mark) {
        oracle.mark(mark);
      }
    };
  }

  /** The replica, or null while it waits to be admitted. */
  Replica role() {
    return joining.replica();
  }

  /** The door the runtime's node loop drives: the join gating, then the replica. */
  JoiningReplica joining() {
    return joining;
  }

  /** Up, admitted, and leading. */
  boolean leads() {
    return up && role() != null && role().isLeader();
  }

  /** Removed by the run on purpose: it does not ask back, in this run or after a restart. */
  void retire() {
    retired = true;
    joining.retire();
  }

  boolean isRetired() {
    return retired;
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
    if (role() != null) {
      role().clockJumped(); // as the runtime's loop, late by the pause, tells it
    }
    List<Runnable> waiting = new ArrayList<>(inbox);
    inbox.clear();
    waiting.forEach(Runnable::run);
  }

  /** Keeps a snapshot as the runtime's store would: every few slots and on a view change. */
  void maybeSave() {
    Replica role = role();
    if (!durable || role == null) {
      return;
    }
    long executed = role.slotExecutedMax();
    long savedSlot = saved == null ? 0 : saved.slot();
    long epoch = role.latestView().epoch();
    boolean due =
        executed - savedSlot >= snapshotEverySlots || (epoch != savedEpoch && executed > savedSlot);
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
    joining = fresh();
    if (durable && saved != null && role() != null) {
      role().restore(saved);
      oracle.replicaRestarted(id, saved.slot());
    } else {
      oracle.replicaRestarted(id, 0);
    }
    up = true;
  }
}
