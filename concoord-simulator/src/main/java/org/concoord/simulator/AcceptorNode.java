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
import org.concoord.core.message.Message;

/**
 * A simulated acceptor process with a simulated disk: writes are unsynced until a sync completes a
 * few ticks later, and replies that depend on them are held until then by the core's
 * {@link Outbox}, the runtime's own persist-before-send. A crash loses exactly the unsynced writes
 * and the held replies; a restart recovers from the synced writes.
 */
final class AcceptorNode {
  /** Releases a held or immediate send onto the network. */
  interface Sender {
    void send(NodeId from, NodeId to, Message message);
  }

  final NodeId id;
  private final Set<Mutation> mutations;
  private final SafetyOracle oracle;
  private final Sender sender;
  private final SimDisk disk = new SimDisk();
  private final Effects effects = new Effects();
  private Outbox<Void> outbox;
  private Acceptor role;
  private int incarnation;
  private boolean syncScheduled;
  boolean up = true;
  long writesLost;

  AcceptorNode(NodeId id, Set<Mutation> mutations, SafetyOracle oracle, Sender sender) {
    this.id = id;
    this.mutations = mutations;
    this.oracle = oracle;
    this.sender = sender;
    this.role = new Acceptor(id, mutations, oracle);
    this.outbox = newOutbox();
  }

  private Outbox<Void> newOutbox() {
    return new Outbox<>(disk, (effect, route) -> {
      if (effect instanceof Effects.Send send) {
        sender.send(id, send.target(), send.message());
      }
    });
  }

  Acceptor role() {
    return role;
  }

  void deliver(NodeId from, Message message, SimNetwork network, int syncTicks) {
    if (!up) {
      return;
    }
    role.onMessage(from, message, effects);
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
    role = Acceptor.recover(id, disk.synced(), mutations, oracle);
    oracle.acceptorRecovered(id, role.promised());
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
