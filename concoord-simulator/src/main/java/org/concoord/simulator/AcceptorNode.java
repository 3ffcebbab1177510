package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Outbox;
import org.concoord.core.join.JoiningAcceptor;
import org.concoord.core.message.Message;

/**
 * A simulated acceptor process with a simulated disk: writes are unsynced until a sync completes a
 * few ticks later, and replies that depend on them are held until then by the core's {@link
 * Outbox}, the runtime's own persist-before-send. A crash loses exactly the unsynced writes and the
 * held replies; a restart recovers from the synced writes. Its membership is the core's {@link
 * JoiningAcceptor}, as in the runtime with a data directory: at every start it asks the members
 * named at its creation to add it, answers no peer until a reply has confirmed its log, and probes
 * its membership now and then (a removed acceptor asks back, unless the run removed it on purpose:
 * {@link #retire}).
 */
final class AcceptorNode {
  /** Releases a held or immediate send onto the network. */
  interface Sender {
    void send(NodeId from, NodeId to, Message message);
  }

  /** Ticks between membership probes: a fifth of the runtime's, as the simulated runs are short. */
  static final int PROBE_TICKS = 60;

  final NodeId id;
  private final List<NodeId> bootstrap;
  private boolean retired;
  private final Set<Mutation> mutations;
  private final SafetyOracle oracle;
  private final Sender sender;
  private final SimDisk disk = new SimDisk();
  private final Effects effects = new Effects();
  private Outbox<Void> outbox;
  private JoiningAcceptor joining;
  private int incarnation;
  private boolean syncScheduled;
  boolean up = true;
  long writesLost;

  AcceptorNode(
      NodeId id,
      List<NodeId> bootstrap,
      Set<Mutation> mutations,
      SafetyOracle oracle,
      Sender sender) {
    this.id = id;
    this.bootstrap = List.copyOf(bootstrap);
    this.mutations = mutations;
    this.oracle = oracle;
    this.sender = sender;
    this.joining = joining(new Acceptor(id, mutations, oracle));
    this.outbox = newOutbox();
  }

  /** Its log is this instance's (the simulator runs one): the first reply naming it confirms. */
  private JoiningAcceptor joining(Acceptor acceptor) {
    JoiningAcceptor fresh =
        new JoiningAcceptor(
            acceptor,
            bootstrap,
            ReplicaNode.JOIN_RETRY_TICKS,
            PROBE_TICKS,
            genesis -> true,
            warning -> {});
    if (retired) {
      fresh.retire();
    }
    return fresh;
  }

  private Outbox<Void> newOutbox() {
    return new Outbox<>(
        disk,
        (effect, route) -> {
          if (effect instanceof Effects.Send send) {
            sender.send(id, send.target(), send.message());
          }
        });
  }

  Acceptor role() {
    return joining.acceptor();
  }

  /** Up, and asking to be added (the run added it, or it found itself removed). */
  boolean isAsking() {
    return up && !retired && !joining.isMember();
  }

  /** Removed by the run on purpose: it does not ask back. */
  void retire() {
    retired = true;
    joining.retire();
  }

  void deliver(NodeId from, Message message, SimNetwork network, int syncTicks) {
    if (!up) {
      return;
    }
    joining.onMessage(from, message, effects);
    apply(network, syncTicks);
  }

  /** One tick of the node's loop: its joining and probing. */
  void tick(SimNetwork network, int syncTicks) {
    if (!up) {
      return;
    }
    joining.onTick(effects);
    apply(network, syncTicks);
  }

  /** The step's effects through the outbox; a sync scheduled for what it wrote. */
  private void apply(SimNetwork network, int syncTicks) {
    outbox.apply(effects, null);
    if (disk.unsynced() > 0 && !syncScheduled) {
      syncScheduled = true;
      int at = incarnation;
      network.schedule(network.now() + syncTicks, () -> completeSync(at));
    }
  }

  private void completeSync(int at) {
    if (at != incarnation || !up) {
      return;
    }
    syncScheduled = false;
    disk.sync();
    outbox.release();
  }

  void crash() {
    up = false;
    incarnation++;
    writesLost += disk.loseUnsynced();
    outbox = newOutbox(); // what it held dies with the process
    syncScheduled = false;
  }

  void restart() {
    joining = joining(Acceptor.recover(id, disk.synced(), mutations, oracle));
    oracle.acceptorRecovered(id, role().promised());
    up = true;
  }

  /** The acceptor's disk: writes numbered as the runtime's log numbers them, synced by the run. */
  private static final class SimDisk implements Outbox.Disk {
    private final List<DurableWrite> synced = new ArrayList<>();
    private final List<DurableWrite> unsynced = new ArrayList<>();

    @Override
    public long append(DurableWrite write) {
      unsynced.add(write);
      return synced.size() + unsynced.size();
    }

    @Override
    public long syncedSeq() {
      return synced.size();
    }

    int unsynced() {
      return unsynced.size();
    }

    void sync() {
      synced.addAll(unsynced);
      unsynced.clear();
    }

    int loseUnsynced() {
      int lost = unsynced.size();
      unsynced.clear();
      return lost;
    }

    List<DurableWrite> synced() {
      return synced;
    }
  }
}
