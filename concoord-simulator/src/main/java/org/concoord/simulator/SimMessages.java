package org.concoord.simulator;

import java.util.List;
import java.util.Map;
import org.concoord.core.NodeId;
import org.concoord.core.effects.Effects;
import org.concoord.core.effects.Outbox;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.WatchRequest;

/**
 * A run's message paths over {@link SimNetwork}: between nodes, from clients to replicas, replies
 * back to the client of the session, and the watchers' requests; each replica step with what it
 * emitted, and the oracles and the lease drill told what acceptors reveal. Every delivery is hashed
 * into the run's trace, which tells two runs of one seed apart.
 */
final class SimMessages {
  private static final long DEBUG_FROM = Long.getLong("sim.debug.from", -1);
  private static final long DEBUG_TO = Long.getLong("sim.debug.to", Long.MAX_VALUE);

  private final SimNetwork network;
  private final SimCluster cluster;
  private final SafetyOracle oracle;
  private final LeaseDrill leaseDrill;
  private final List<WorkloadClient> clients;
  private final Map<Long, WorkloadClient> clientsById;
  private final int syncTicksMax;
  private final Effects effects = new Effects();

  /** The replicas' persist-before-send, the runtime's own; a replica has no durable write. */
  private final Outbox<NodeId> replicaOutbox =
      new Outbox<>(
          Outbox.Disk.instant(
              write -> {
                throw new IllegalStateException("a replica emitted a durable write: " + write);
              }),
          this::emitFromReplica);

  /** Issue 21's watchers (the counter workload only), or null. */
  private SimWatchers watchers;

  private long traceHash = 17;

  /** What the watchers see of the replicas and reach them by. */
  final SimWatchers.Nodes watchNodes =
      new SimWatchers.Nodes() {
        @Override
        public int incarnation(NodeId replica) {
          ReplicaNode node = cluster.replicas.get(replica);
          return node == null || !node.up ? -1 : node.incarnation;
        }

        @Override
        public void deliver(NodeId replica, WatchRequest request) {
          ReplicaNode node = cluster.replicas.get(replica);
          if (node != null) {
            node.deliver(
                network.now(),
                () -> step(node, () -> node.joining().onWatchRequest(request, effects)));
          }
        }

        @Override
        public boolean isCut(String source, String target) {
          return network.isCut(source, target);
        }
      };

  SimMessages(
      SimNetwork network,
      SimCluster cluster,
      SafetyOracle oracle,
      LeaseDrill leaseDrill,
      List<WorkloadClient> clients,
      Map<Long, WorkloadClient> clientsById,
      int syncTicksMax) {
    this.network = network;
    this.cluster = cluster;
    this.oracle = oracle;
    this.leaseDrill = leaseDrill;
    this.clients = clients;
    this.clientsById = clientsById;
    this.syncTicksMax = syncTicksMax;
  }

  /** The replicas' pushes go to {@code watchers} from now on. */
  void pushTo(SimWatchers watchers) {
    this.watchers = watchers;
  }

  /** The hash of every delivery so far: its tick, its ends and its message's type. */
  long traceHash() {
    return traceHash;
  }

  /** The effects a replica step emits into, applied by {@link #step}. */
  Effects effects() {
    return effects;
  }

  /** Runs one step of a replica and applies its effects; a halt is a safety failure. */
  void step(ReplicaNode node, Runnable action) {
    try {
      action.run();
    } catch (IllegalStateException e) {
      oracle.fail(e.getMessage());
    }
    replicaOutbox.apply(effects, node.id);
  }

  /** Carries out what replica {@code from} emitted (replicas write nothing durable). */
  private void emitFromReplica(Effects.Effect effect, NodeId from) {
    if (effect instanceof Effects.Send send) {
      send(from, send.target(), send.message());
    } else if (effect instanceof Effects.Reply reply) {
      replyToClient(from, reply.reply());
    } else if (effect instanceof Effects.Push push && watchers != null) {
      watchers.push(from, push.event(), watchNodes);
    }
  }

  void send(NodeId from, NodeId to, Message message) {
    if (message instanceof Propose propose && cluster.replicas.containsKey(from)) {
      oracle.proposed(propose, to);
    }
    if (cluster.acceptors.containsKey(from)) {
      if (message instanceof Promise promise) {
        oracle.promiseRevealed(from, promise.ballot());
        leaseDrill.acceptorFollows(from, promise.ballot(), network);
      } else if (message instanceof Accepted accepted) {
        oracle.acceptRevealed(from, accepted.ballot());
        leaseDrill.acceptorFollows(from, accepted.ballot(), network);
      }
    }
    network.send(from.address(), to.address(), () -> deliver(from, to, message));
  }

  void deliver(NodeId from, NodeId to, Message message) {
    trace(from.address(), to.address(), message);
    ReplicaNode replica = cluster.replicas.get(to);
    if (replica != null) {
      replica.deliver(
          network.now(),
          () -> step(replica, () -> replica.joining().onMessage(from, message, effects)));
      return;
    }
    AcceptorNode acceptor = cluster.acceptors.get(to);
    if (acceptor != null) {
      acceptor.deliver(from, message, network, syncTicksMax);
    }
    NameserverNode nameserver = cluster.nameservers.get(to);
    if (nameserver != null) {
      nameserver.deliver(from, message, this::send);
    }
  }

  void clientSend(WorkloadClient client, NodeId to, ClientRequest request) {
    network.send(
        client.name,
        to.address(),
        () -> {
          trace(client.name, to.address(), request);
          ReplicaNode node = cluster.replicas.get(to);
          if (node != null) {
            node.deliver(
                network.now(),
                () -> step(node, () -> node.joining().onClientRequest(request, effects)));
          }
        });
  }

  /** The client whose current session has {@code id} (each session has its own id), or null. */
  private WorkloadClient clientOfSession(long id) {
    WorkloadClient first = clientsById.get(id);
    if (first != null && first.sessionId() == id) {
      return first;
    }
    return clients.stream().filter(c -> c.sessionId() == id).findFirst().orElse(null);
  }

  private void replyToClient(NodeId from, ClientReply reply) {
    WorkloadClient client = clientOfSession(reply.clientId());
    if (client == null) {
      return; // an expired session's: its client has moved on, as a real one would
    }
    network.send(
        from.address(),
        client.name,
        () -> {
          trace(from.address(), client.name, reply);
          client.onReply(from, reply, network.now());
        });
  }

  private void trace(String from, String to, Message message) {
    long h = traceHash;
    h = h * 31 + network.now();
    h = h * 31 + from.hashCode();
    h = h * 31 + to.hashCode();
    h = h * 31 + message.getClass().getSimpleName().hashCode();
    traceHash = h;
    if (DEBUG_FROM >= 0 && network.now() >= DEBUG_FROM && network.now() <= DEBUG_TO) {
      System.out.println(network.now() + " " + from + " -> " + to + " " + message);
    }
  }
}
