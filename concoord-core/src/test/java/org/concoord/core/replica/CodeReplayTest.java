package org.concoord.core.replica;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.CodeVersion;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;
import org.junit.jupiter.api.Test;

/**
 * The log replayed across a code upgrade: the slots before the upgrade slot run under the old code
 * and those after under the new, whether a replica executes them live, replays them from the start,
 * or restores a snapshot taken before the upgrade and replays the rest; every way gives the same
 * replies and the same state digest.
 */
class CodeReplayTest {
  private record Reply(long seq, Outcome outcome, Object value) {}

  private static SlotExecutor executor() {
    ObjectCatalog catalog =
        ObjectCatalog.of(List.of(CodeUpgradesTest.Tally.class)).withLoader(CodeUpgradesTest.LOADER);
    return new SlotExecutor(
        TestCluster.id("r0"),
        new ObjectHost(CodeUpgradesTest.Tally.class),
        catalog,
        new ReplyCache(1_000, 100, 100),
        new ViewHistory(View.initial(List.of(TestCluster.id("r0")), List.of(TestCluster.id("a0")))),
        0,
        Set.of(),
        Observer.NONE);
  }

  private static Batch batch(long seq, String method, Object... args) {
    return new Batch(
        seq,
        List.of(new ClientCommand(1, seq, seq - 1, new Call(method, ValueCodec.encodeArgs(args)))));
  }

  /** Slot 1 adds, 2 calls the new method (unknown yet), 3 upgrades, 4 calls it again, 5 adds. */
  private static final List<Batch> LOG =
      List.of(
          batch(1, "add", 5L),
          batch(2, "label"),
          batch(
              3,
              Call.UPGRADE_METHOD,
              "upgrade",
              CodeVersion.GENESIS_DIGEST,
              CodeUpgradesTest.TallyV2.class.getName(),
              CodeUpgradesTest.V2,
              CodeVersion.digestOf(CodeUpgradesTest.V2)),
          batch(4, "label"),
          batch(5, "add", 1L));

  private static List<Reply> run(SlotExecutor executor, long fromSlot) {
    return run(executor, fromSlot, LOG.size());
  }

  private static List<Reply> run(SlotExecutor executor, long fromSlot, long toSlot) {
    List<Reply> replies = new ArrayList<>();
    SlotExecutor.Outputs outputs =
        new SlotExecutor.Outputs() {
          @Override
          public void reply(long clientId, long seq, Outcome outcome, byte[] payload) {
            replies.add(new Reply(seq, outcome, ValueCodec.decode(payload)));
          }

          @Override
          public void executed(long clientId, long seq) {}
        };
    for (long slot = fromSlot; slot <= toSlot; slot++) {
      executor.execute(slot, LOG.get((int) slot - 1), outputs);
    }
    return replies;
  }

  @Test
  void slotsBeforeTheUpgradeRunTheOldCodeAndAfterItTheNewOnEveryReplay() {
    SlotExecutor live = executor();
    List<Reply> replies = run(live, 1);
    assertEquals(Outcome.REJECTED, replies.get(1).outcome(), "slot 2 ran under the old code");
    assertTrue(String.valueOf(replies.get(1).value()).contains("unknown method"));
    assertEquals(Outcome.OK, replies.get(2).outcome(), String.valueOf(replies.get(2).value()));
    assertEquals(new Reply(4, Outcome.OK, "v2:5"), replies.get(3), "slot 4 ran under the new");
    assertEquals(new Reply(5, Outcome.OK, 6L), replies.get(4));

    SlotExecutor replayed = executor();
    assertEquals(replies, run(replayed, 1));
    assertArrayEquals(
        DigestCheck.digest(live.snapshot(5)), DigestCheck.digest(replayed.snapshot(5)));

    SlotExecutor before = executor();
    run(before, 1, 2);
    SlotExecutor restored = executor();
    restored.restore(before.snapshot(2)); // a snapshot taken under the old code
    assertEquals(replies.subList(2, 5), run(restored, 3));
    assertArrayEquals(
        DigestCheck.digest(live.snapshot(5)), DigestCheck.digest(restored.snapshot(5)));
  }
}
