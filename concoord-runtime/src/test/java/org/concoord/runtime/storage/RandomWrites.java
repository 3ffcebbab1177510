package org.concoord.runtime.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.PValue;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.effects.DurableWrite;

/**
 * Seeded acceptor-like durable writes for the log's tests: promises with rising ballots, accepts
 * around the truncation point, truncations that move forward, and batches of calls with random
 * argument bytes. The expected state of a sequence is what the core's own {@code Acceptor.recover}
 * makes of it.
 */
final class RandomWrites {
  static final NodeId SELF = NodeId.of("127.0.0.1:14001");

  private final Random random;
  private long round = 1;
  private NodeId leader = NodeId.of("127.0.0.1:14100");
  private long slotTruncatedBelow = 1;
  private long seq = 1;

  RandomWrites(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  List<DurableWrite> group(int writesMax) {
    int count = 1 + random.nextInt(writesMax);
    List<DurableWrite> group = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      group.add(next());
    }
    return group;
  }

  DurableWrite next() {
    int dice = random.nextInt(100);
    if (dice < 15) {
      round += 1 + random.nextInt(2);
      leader = NodeId.of("127.0.0.1:" + (14100 + random.nextInt(3)));
      return new DurableWrite.PromiseWrite(new Ballot(round, leader));
    }
    if (dice < 22) {
      slotTruncatedBelow += 1 + random.nextInt(20);
      return new DurableWrite.TruncateWrite(slotTruncatedBelow);
    }
    long slot = slotTruncatedBelow + random.nextInt(40);
    return new DurableWrite.AcceptWrite(new PValue(new Ballot(round, leader), slot, batch()));
  }

  private Batch batch() {
    int commands = random.nextInt(6);
    List<Command> list = new ArrayList<>(commands);
    for (int i = 0; i < commands; i++) {
      byte[] args = new byte[random.nextInt(200)];
      random.nextBytes(args);
      long clientId = random.nextLong();
      list.add(new ClientCommand(clientId, seq, seq, new Call("increment", args)));
      seq++;
    }
    return new Batch(random.nextInt(1_000_000), list);
  }

  /** The acceptor that {@code writes} rebuild, by the core's rules. */
  static Acceptor replay(List<DurableWrite> writes) {
    return Acceptor.recover(SELF, writes, Set.of(), Observer.NONE);
  }

  /** Promised ballot, truncation and accepted pvalues are equal. */
  static boolean sameState(Acceptor a, Acceptor b) {
    return a.promised().equals(b.promised())
        && a.slotTruncatedBelow() == b.slotTruncatedBelow()
        && a.accepted().equals(b.accepted());
  }

  static String describe(Acceptor a) {
    return "promised "
        + a.promised()
        + ", truncated below "
        + a.slotTruncatedBelow()
        + ", "
        + a.accepted().size()
        + " pvalues";
  }
}
