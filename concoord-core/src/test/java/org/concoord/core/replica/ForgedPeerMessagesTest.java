package org.concoord.core.replica;

import static org.concoord.core.replica.TestCluster.command;
import static org.concoord.core.replica.TestCluster.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.learner.ViewLearner;
import org.concoord.core.message.Alive;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.JoinRequest;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Promise;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

/**
 * The review's peer-forgery cases (§1.1, §1.2), each against the replica's door: a well-formed
 * message under a name that has no business sending it changes nothing, halts nothing, and the
 * instance goes on serving. Each of these failed before the door guard ({@link ReplicaSenders}).
 */
class ForgedPeerMessagesTest {
  static final NodeId FORGER = id("evil:1");
  static final long FORGED_CLIENT = 666;

  static Batch forgedBatch(long stamp) {
    return new Batch(stamp, List.of(command(FORGED_CLIENT, 1, 0, "inc")));
  }

  static NodeId followerOf(TestCluster cluster, NodeId leader) {
    return cluster.replicas.keySet().stream()
        .filter(r -> !r.equals(leader))
        .findFirst()
        .orElseThrow();
  }

  static boolean forgedCommandChosen(TestCluster cluster) {
    for (Batch batch : cluster.chosen.values()) {
      for (Command command : batch.commands()) {
        if (command instanceof ClientCommand call && call.clientId() == FORGED_CLIENT) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void aDecisionForAnExecutedSlotFromAnotherThanTheLeaderHaltsNothing() {
    // Case 02: a second value for an executed slot made the replica throw "safety violated".
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));
    NodeId follower = followerOf(cluster, leader);
    for (NodeId sender : List.of(FORGER, id("a1"), followerOf(cluster, follower))) {
      if (!sender.equals(leader)) {
        cluster.inject(sender, follower, new Decision(1, forgedBatch(1)));
      }
    }
    assertEquals(1, cluster.replicas.get(follower).slotExecutedMax());
    assertTrue(cluster.marks.contains("senders.refused.decision-not-from-followed-leader"));
    cluster.request(leader, command(7, 2, 1, "inc"));
    cluster.machines.values().forEach(m -> assertEquals(2, m.calls()));
  }

  @Test
  void aDecisionForTheNextSlotFromAnotherThanTheLeaderRunsNothing() {
    // Case 03: a Decision for the next slot ran any call on every replica, outside Paxos.
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    cluster.request(leader, command(7, 1, 0, "inc"));
    for (NodeId replica : cluster.replicas.keySet()) {
      cluster.inject(FORGER, replica, new Decision(2, forgedBatch(2)));
      cluster.inject(FORGER, replica, new CatchUpReply(2, List.of(forgedBatch(2))));
    }
    cluster.machines.values().forEach(m -> assertEquals(1, m.calls()));
    cluster.request(leader, command(7, 2, 1, "inc"));
    cluster.tick(5);
    assertFalse(forgedCommandChosen(cluster));
    cluster.machines.values().forEach(m -> assertEquals(2, m.calls()));
  }

  @Test
  void aPromiseFromANonAcceptorIsNeitherCountedNorMerged() {
    // Case 18: a Promise under any name had its pvalues merged before any membership check, so
    // the real leader proposed the forger's batch.
    TestCluster cluster = new TestCluster(1, 3);
    NodeId r1 = id("r1");
    cluster.cut(r1, id("a2")); // its Prepares reach a2 and a3 only after the forgery
    cluster.cut(r1, id("a3"));
    Replica replica = cluster.replica("r1");
    for (int round = 0; round < 200 && replica.ballot().equals(Ballot.ZERO); round++) {
      cluster.tick(1);
    }
    Ballot ballot = replica.ballot();
    PValue forged = new PValue(new Ballot(0, FORGER), 1, forgedBatch(1));
    for (NodeId sender : List.of(FORGER, id("r2"))) {
      cluster.inject(sender, r1, new Promise(ballot, 1, List.of(forged)));
    }
    assertFalse(replica.isLeader(), "only a1 promised: no quorum");
    cluster.heal(r1, id("a2"));
    cluster.heal(r1, id("a3"));
    cluster.awaitLeader();
    cluster.request(r1, command(7, 1, 0, "inc"));
    assertFalse(forgedCommandChosen(cluster));
    assertEquals(List.of("inc 7#1"), cluster.machine("r1").executed);
  }

  @Test
  void aJoinRequestAddingAnotherNodeChangesNoView() {
    // Case 11: JoinRequest(node=X, ACCEPTOR) from anyone added X and let it outvote the others.
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    var before = cluster.replicas.get(leader).latestView();
    cluster.inject(FORGER, leader, new JoinRequest(id("a9"), Role.ACCEPTOR, new byte[0]));
    cluster.inject(FORGER, leader, new JoinRequest(id("n9"), Role.NAMESERVER, new byte[0]));
    cluster.request(leader, command(7, 1, 0, "inc"));
    cluster.tick(30);
    assertEquals(before, cluster.replicas.get(leader).latestView());
    assertTrue(cluster.marks.contains("senders.refused.join-for-another-node"));
  }

  @Test
  void theGenesisCannotBeCompletedUnderAnotherNodesName() {
    TestCluster cluster = new TestCluster(1, 0);
    cluster.inject(FORGER, id("r1"), new JoinRequest(id("a1"), Role.ACCEPTOR, new byte[0]));
    assertTrue(cluster.replica("r1").latestView().acceptors().isEmpty());
  }

  @Test
  void heartbeatsFromANonMemberDoNotSuppressElections() {
    // Case 05 (heartbeat part): a high ballot's heartbeat, repeated, kept everyone from leading.
    TestCluster cluster = new TestCluster(3, 3);
    Heartbeat forged = new Heartbeat(new Ballot(1_000, FORGER), 0);
    boolean led = false;
    for (int round = 0; round < 300 && !led; round++) {
      for (NodeId replica : cluster.replicas.keySet()) {
        cluster.inject(FORGER, replica, forged);
      }
      cluster.tick(1);
      led = cluster.replicas.values().stream().anyMatch(Replica::isLeader);
    }
    assertTrue(led, "a replica was elected despite the forged heartbeats");
  }

  @Test
  void aBallotAtTheTopOfTheRangeCrashesNoCampaign() {
    // Case 05: a heartbeat or Preempted carrying round 2^63-1 made the next campaign's
    // Ballot.next overflow and throw, on every replica, at every restart.
    TestCluster cluster = new TestCluster(3, 3);
    Ballot top = new Ballot(Long.MAX_VALUE, id("r2"));
    cluster.inject(id("r2"), id("r1"), new Heartbeat(top, 0));
    cluster.inject(id("a1"), id("r1"), new Preempted(Ballot.ZERO, top));
    cluster.inject(id("r2"), id("r1"), new Alive(top, 0));
    NodeId leader = cluster.awaitLeader();
    assertTrue(cluster.replicas.get(leader).ballot().round() < 100);
    assertTrue(cluster.marks.contains("senders.refused.heartbeat-ballot-absurd"));
  }

  @Test
  void aliveOrPreemptedWithAHigherBallotFromAStrangerDeposesNoLeader() {
    TestCluster cluster = new TestCluster(3, 3);
    NodeId leader = cluster.awaitLeader();
    Ballot ballot = cluster.replicas.get(leader).ballot();
    Ballot higher = new Ballot(ballot.round() + 5, FORGER);
    cluster.inject(FORGER, leader, new Alive(higher, 0));
    cluster.inject(FORGER, leader, new Preempted(ballot, higher));
    cluster.inject(id("r9"), leader, new Preempted(ballot, higher));
    assertTrue(cluster.replicas.get(leader).isLeader());
    assertEquals(ballot, cluster.replicas.get(leader).ballot());
  }

  @Test
  void aStampNearTheTopMovesTheReplicatedClockOneStepAtMost() {
    // F9: a stamp near 2^63 expired every session at once and pinned the clock there.
    TestCluster cluster = new TestCluster(2, 1);
    NodeId r1 = id("r1");
    NodeId r2 = id("r2");
    cluster.inject(r2, r1, new Heartbeat(new Ballot(1, r2), 0));
    cluster.inject(r2, r1, new Decision(1, new Batch(Long.MAX_VALUE - 1, List.of())));
    assertEquals(1, cluster.replica("r1").slotExecutedMax());
    assertEquals(ClockStep.STEP_MAX_TICKS, cluster.replica("r1").clockTicks());
    cluster.inject(r2, r1, new Decision(2, new Batch(50, List.of())));
    assertEquals(ClockStep.STEP_MAX_TICKS, cluster.replica("r1").clockTicks(), "never back");
  }

  @Test
  void aNameserverLearnsNoViewChangeFromANonReplica() {
    // Redirect clients: an injected Reconfigure reached the nameserver's DNS answers.
    TestCluster cluster = new TestCluster(3, 3);
    ViewLearner learner = cluster.addLearner(id("n1"));
    Batch join = new Batch(1, List.of(Reconfigure.add(Role.ACCEPTOR, FORGER)));
    cluster.inject(FORGER, id("n1"), new Decision(1, join));
    cluster.inject(id("a1"), id("n1"), new CatchUpReply(1, List.of(join)));
    assertFalse(learner.view().acceptors().contains(FORGER));
    assertEquals(0, learner.slotLearnedMax());
  }

  /**
   * Catch-up is taught only by a replica of the view or by the leader of the highest ballot this
   * replica heard of from a member or an acceptor of its view: a replica restarted empty from a
   * genesis view naming only itself knows no current member, and learnt the leader from an
   * acceptor's preemption (fresh seed 73001147 --named). Anyone else is still refused.
   */
  @Test
  void catchUpIsTakenFromTheLeaderAnAcceptorVouchedForAndNoOtherStranger() {
    TestCluster cluster = new TestCluster(1, 1);
    NodeId alone = cluster.awaitLeader();
    NodeId leaderElsewhere = id("r9");
    CatchUpReply reply = new CatchUpReply(1, List.of(forgedBatch(1)));
    cluster.inject(leaderElsewhere, alone, reply);
    assertTrue(
        cluster.marks.contains("senders.refused.catch-up-reply-from-non-member"),
        cluster.marks.toString());
    assertEquals(0, cluster.replicas.get(alone).slotExecutedMax());

    Ballot vouched = new Ballot(cluster.replicas.get(alone).ballot().round() + 3, leaderElsewhere);
    cluster.inject(id("a1"), alone, new Preempted(cluster.replicas.get(alone).ballot(), vouched));
    cluster.inject(FORGER, alone, reply);
    assertEquals(
        0, cluster.replicas.get(alone).slotExecutedMax(), "a stranger still teaches nothing");
    cluster.inject(leaderElsewhere, alone, reply);
    assertEquals(1, cluster.replicas.get(alone).slotExecutedMax(), "taught by the vouched leader");
  }
}
