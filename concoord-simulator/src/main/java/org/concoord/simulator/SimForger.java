package org.concoord.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Truncate;
import org.concoord.core.replica.Replica;
import org.concoord.core.view.Role;

/**
 * A simulated forger: now and then it sends a well-formed protocol message under a name that has no
 * business sending it (its own, {@link #NAME}, or a real node's of the wrong role), built from what
 * the real nodes hold right now (their ballots and slots), so that it would be taken if a door let
 * it in. What it forges carries a mark ({@link #isForged}): a client id of its own and nodes named
 * {@code x...}; the safety oracle fails the run if any of it is ever decided or executed.
 *
 * <p>It never speaks under a name entitled to send the message (the followed leader's Decision, an
 * acceptor's Promise): only an authenticated transport can stop that, and the simulated network
 * models one. Its own random stream is split from the seed apart from the run's, and its messages
 * bypass the network's random draws, so a seed's other events stay what they were.
 */
final class SimForger {
  static final NodeId NAME = NodeId.of("f0");

  /** The client id in every command the forger makes up. */
  static final long CLIENT_ID = 666_000_666L;

  private static final String NODE_PREFIX = "x";

  /** A forged message and who it claims to be from. */
  record Forgery(NodeId from, NodeId to, Message message) {}

  private final SplittableRandom random;
  private final double ratePerTick;
  private long forgedNodes;

  SimForger(long seed, double ratePerTick) {
    this.random = new SplittableRandom(seed ^ 0xF0F0_5EED_BAD0_0001L);
    this.ratePerTick = ratePerTick;
  }

  /** Whether {@code batch} holds anything the forger made up. */
  static boolean isForged(Batch batch) {
    for (Command command : batch.commands()) {
      if (command instanceof ClientCommand call && call.clientId() == CLIENT_ID) {
        return true;
      }
      if (command instanceof Reconfigure change
          && change.node().address().startsWith(NODE_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  /** This tick's forgery, or null (most ticks). */
  Forgery next(Map<NodeId, ReplicaNode> replicas, Map<NodeId, AcceptorNode> acceptors) {
    if (random.nextDouble() >= ratePerTick || replicas.isEmpty() || acceptors.isEmpty()) {
      return null;
    }
    // Replicas admitted: one still joining drops every peer message but a join reply.
    List<ReplicaNode> up = replicas.values().stream().filter(n -> n.role() != null).toList();
    if (up.isEmpty()) {
      return null;
    }
    ReplicaNode target = up.get(random.nextInt(up.size()));
    Replica replica = target.role();
    List<NodeId> acceptorIds = new ArrayList<>(acceptors.keySet());
    NodeId acceptor = acceptorIds.get(random.nextInt(acceptorIds.size()));
    NodeId notAcceptor = random.nextBoolean() ? NAME : otherReplica(replicas, target.id);
    NodeId notReplica = random.nextBoolean() ? NAME : acceptor;
    long next = replica.slotExecutedMax() + 1;
    Ballot ballot = replica.ballot();
    Ballot higher = new Ballot(replica.ballotKnown().round() + 1 + random.nextInt(5), NAME);
    return switch (random.nextInt(11)) {
      case 0 -> new Forgery(notReplica, target.id, new Decision(next, batch()));
      case 1 -> new Forgery(notReplica, target.id, new Decision(Math.max(1, next - 1), batch()));
      case 2 -> new Forgery(notReplica, target.id, new CatchUpReply(next, List.of(batch())));
      case 3 -> new Forgery(NAME, target.id, new Heartbeat(higher, next + 100));
      case 4 -> new Forgery(NAME, target.id, new Alive(higher, next));
      case 5 -> new Forgery(notAcceptor, target.id, new Preempted(ballot, higher));
      case 6 ->
          new Forgery(
              notAcceptor,
              target.id,
              new Promise(ballot, next, List.of(new PValue(Ballot.ZERO, next, batch()))));
      case 7 -> new Forgery(notAcceptor, target.id, new Accepted(ballot, next));
      case 8 ->
          new Forgery(
              NAME,
              target.id,
              new JoinRequest(
                  NodeId.of(NODE_PREFIX + forgedNodes++),
                  Role.values()[random.nextInt(3)],
                  new byte[0]));
      case 9 ->
          new Forgery(
              random.nextBoolean() ? NAME : acceptor,
              acceptor,
              new Truncate(1 + random.nextLong(Long.MAX_VALUE - 1)));
      default ->
          new Forgery(
              NAME,
              acceptor,
              new Prepare(
                  new Ballot(acceptors.get(acceptor).role().promised().round() + 1, target.id),
                  next));
    };
  }

  private NodeId otherReplica(Map<NodeId, ReplicaNode> replicas, NodeId not) {
    for (NodeId id : replicas.keySet()) {
      if (!id.equals(not)) {
        return id;
      }
    }
    return NAME;
  }

  /** A batch no client sent, stamped near the top of the clock's range. */
  private Batch batch() {
    Command command =
        random.nextBoolean()
            ? new ClientCommand(
                CLIENT_ID, 1 + random.nextInt(1000), 0, new Call("increment", new byte[0]))
            : Reconfigure.add(Role.ACCEPTOR, NodeId.of(NODE_PREFIX + forgedNodes++));
    return new Batch(Long.MAX_VALUE - random.nextInt(1000), List.of(command));
  }
}
