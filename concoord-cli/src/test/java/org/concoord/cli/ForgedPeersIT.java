package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.concoord.cli.deploy.Deployment;
import org.concoord.client.ConcoordClient;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.JoinReply;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.StatusReply;
import org.concoord.core.message.Truncate;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's peer-forgery cases (§1.1, §1.2) as real frames over TCP to the real nodes of a local
 * 3+3 instance ({@code concoord initialize}, default heap): halt a replica by Decision, run a call
 * by Decision, forged Promise and Accepted, join as an acceptor under another name, a forged
 * JoinReply, Truncate(2^63-1), Prepare(2^63-1), Heartbeat, Alive and Preempted with a high ballot,
 * and a stamp near 2^63. Afterwards every node is alive, the counter equals the acknowledged
 * increments, the view is what it was, and no acceptor has promised an absurd ballot.
 */
class ForgedPeersIT {
  static final NodeId FORGER = NodeId.of("127.0.0.1:9");
  static final long FORGED_CLIENT = 666;
  @TempDir Path work;

  static Batch forgedBatch(String method, long stamp) {
    byte[] args =
        method.equals("add") ? ValueCodec.encodeArgs(1_000_000L) : ValueCodec.encodeArgs();
    List<Command> commands =
        List.of(new ClientCommand(FORGED_CLIENT, 1, 0, new Call(method, args)));
    return new Batch(stamp, commands);
  }

  @Test
  void everyForgedPeerCaseLeavesTheCounterTheViewAndEveryNodeAlone() throws Exception {
    Path dir = work.resolve("instance");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String bootstrap = FailuresIT.start(kit, dir, 3, 3);
      try (ConcoordClient client = FailuresIT.client(bootstrap)) {
        int acked = FailuresIT.increments(client, 20);
        List<Deployment.NodeEntry> nodes = Deployment.read(dir).nodes();
        Deployment.NodeEntry leaderNode = FailuresIT.awaitLeader(dir);
        StatusReply leader = ForgedPeer.status(leaderNode.address());
        assertNotNull(leader);
        View viewBefore = leader.view();
        forgeEverything(nodes, leader);
        acked += FailuresIT.increments(client, 20);
        assertEquals(
            acked,
            (int) client.invoke("getvalue", int.class),
            "the counter equals the acknowledged increments: no forged call ran");
        for (Deployment.NodeEntry node : nodes) {
          assertTrue(
              ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false),
              node.role() + " " + node.address() + " is alive");
          StatusReply status = ForgedPeer.status(node.address());
          assertNotNull(status, node.address() + " answers");
          assertTrue(
              status.ballot().round() < 1_000, node.address() + " ballot " + status.ballot());
          if (status.view() != null) {
            assertEquals(viewBefore.replicas(), status.view().replicas(), node.address());
            assertEquals(viewBefore.acceptors(), status.view().acceptors(), node.address());
            assertEquals(viewBefore.nameservers(), status.view().nameservers(), node.address());
          }
        }
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  private static void forgeEverything(List<Deployment.NodeEntry> nodes, StatusReply leader)
      throws Exception {
    NodeId leaderId = leader.node();
    Ballot ballot = leader.ballot();
    long executed = leader.slotExecutedMax();
    Ballot top = new Ballot(Long.MAX_VALUE, FORGER);
    List<String> replicas = new ArrayList<>();
    List<String> acceptors = new ArrayList<>();
    for (Deployment.NodeEntry node : nodes) {
      (node.role().equals("replica") ? replicas : acceptors).add(node.address());
    }
    NodeId anAcceptor = NodeId.of(acceptors.get(0));
    for (String replica : replicas) {
      forgeToReplica(replica, replicas, leaderId, anAcceptor, ballot, executed);
    }
    for (String acceptor : acceptors) {
      // Case 04: lockout by Truncate(2^63-1); case 05: Prepare(2^63-1) and its overflow.
      ForgedPeer.send(acceptor, FORGER, new Truncate(Long.MAX_VALUE));
      ForgedPeer.send(acceptor, leaderId, new Truncate(Long.MAX_VALUE));
      ForgedPeer.send(acceptor, FORGER, new Prepare(top, 1));
      ForgedPeer.send(acceptor, FORGER, new Prepare(new Ballot(Long.MAX_VALUE, leaderId), 1));
      ForgedPeer.send(acceptor, FORGER, new Heartbeat(top, 0));
      ForgedPeer.send(
          acceptor,
          FORGER,
          new Propose(
              new PValue(
                  new Ballot(ballot.round() + 1, leaderId), executed + 1, forgedBatch("add", 1))));
      ForgedPeer.send(
          acceptor,
          FORGER,
          new JoinReply(
              true, true, "member", View.initial(List.of(FORGER), List.of(FORGER)), FORGER));
    }
  }

  /**
   * Sends one replica forged decisions, elections, votes and joins, claiming to be {@code FORGER},
   * an acceptor or another replica.
   */
  private static void forgeToReplica(
      String replica,
      List<String> replicas,
      NodeId leaderId,
      NodeId anAcceptor,
      Ballot ballot,
      long executed)
      throws Exception {
    Ballot top = new Ballot(Long.MAX_VALUE, FORGER);
    NodeId follower =
        NodeId.of(
            replicas.stream()
                .filter(r -> !r.equals(replica) && !r.equals(leaderId.address()))
                .findFirst()
                .orElse(replica));
    // Case 02: a second value for an executed slot; case 03: a call for the next slot.
    ForgedPeer.send(replica, anAcceptor, new Decision(executed, forgedBatch("add", 1)));
    ForgedPeer.send(replica, follower, new Decision(executed, forgedBatch("add", 1)));
    for (long slot = executed + 1; slot <= executed + 40; slot++) {
      ForgedPeer.send(
          replica,
          FORGER,
          new Decision(slot, forgedBatch(slot % 2 == 0 ? "add" : "__concoordinit__", 1)));
    }
    ForgedPeer.send(
        replica,
        FORGER,
        new CatchUpReply(executed + 1, List.of(forgedBatch("add", Long.MAX_VALUE - 1))));
    // Elections suppressed and leaders deposed at will; the Ballot.next overflow.
    ForgedPeer.send(replica, FORGER, new Heartbeat(top, executed + 1_000));
    ForgedPeer.send(replica, follower, new Heartbeat(new Ballot(Long.MAX_VALUE, follower), 0));
    ForgedPeer.send(replica, FORGER, new Alive(top, 0));
    ForgedPeer.send(replica, FORGER, new Preempted(ballot, top));
    ForgedPeer.send(
        replica, anAcceptor, new Preempted(ballot, new Ballot(Long.MAX_VALUE, follower)));
    // Forged acceptor votes and a Promise carrying our batch.
    ForgedPeer.send(
        replica,
        FORGER,
        new Promise(
            ballot,
            executed + 1,
            List.of(new PValue(Ballot.ZERO, executed + 1, forgedBatch("add", 1)))));
    ForgedPeer.send(replica, FORGER, new Accepted(ballot, executed + 1));
    // Joins under another name (case 11) and a join reply from a node nobody asked (case 19).
    ForgedPeer.send(
        replica, FORGER, new JoinRequest(NodeId.of("127.0.0.1:19"), Role.ACCEPTOR, new byte[0]));
    ForgedPeer.send(
        replica, FORGER, new JoinRequest(NodeId.of("127.0.0.1:29"), Role.NAMESERVER, new byte[0]));
    ForgedPeer.send(
        replica,
        FORGER,
        new JoinReply(
            true, true, "member", View.initial(List.of(FORGER), List.of(FORGER)), FORGER));
  }
}
