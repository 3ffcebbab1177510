package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.Propose;
import org.junit.jupiter.api.Test;

/**
 * A large proposal is one message, sent to every acceptor and resent as is, and waits longer for
 * its Accepted (issue 13: a 15 MiB Propose re-created per acceptor every 200 ms ran the leader out
 * of heap, as the runtime encodes one frame per message object).
 */
class LargeProposalTest {
  @Test
  void aLargeProposalIsOneMessageResentAsIsAfterALongerInterval() {
    TestCluster cluster = new TestCluster(1, 3);
    NodeId leader = cluster.awaitLeader();
    List<NodeId> acceptors = List.copyOf(cluster.acceptors.keySet());
    cluster.cut(acceptors.get(1), leader); // two Accepted never arrive: no majority
    cluster.cut(acceptors.get(2), leader);
    int before = cluster.sentOf(Propose.class).size();
    int argsBytes = 1 << 20;
    cluster.submit(leader, new ClientCommand(9, 1, 0, new Call("inc", new byte[argsBytes])));
    List<TestCluster.Envelope> first =
        cluster.sentOf(Propose.class).subList(before, cluster.sentOf(Propose.class).size());
    assertEquals(3, first.size(), "one Propose to each acceptor");
    Propose propose = (Propose) first.get(0).message();
    first.forEach(sent -> assertSame(propose, sent.message(), "the same message object"));

    long extraTicks = argsBytes / Leader.RESEND_BYTES_PER_TICK;
    cluster.tick(TestCluster.CONFIG.resendTicks() + 1);
    int afterPlainInterval = cluster.sentOf(Propose.class).size();
    assertEquals(before + 3, afterPlainInterval, "not resent after the plain interval");

    cluster.tick((int) extraTicks + 1);
    List<TestCluster.Envelope> all = cluster.sentOf(Propose.class);
    assertTrue(all.size() > afterPlainInterval, "resent once its longer interval passed");
    all.subList(afterPlainInterval, all.size())
        .forEach(sent -> assertSame(propose, sent.message(), "resent as is"));
  }
}
