package org.concoord.core.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.ReadConfirm;
import org.junit.jupiter.api.Test;

/** Persist before send, as every driver (runtime, simulator, test and bench clusters) runs it. */
class OutboxTest {
  private static final NodeId A = NodeId.of("a:1");
  private static final Ballot BALLOT = new Ballot(3, A);

  /** A disk that syncs only when told. */
  private static final class ManualDisk implements Outbox.Disk {
    final List<DurableWrite> writes = new ArrayList<>();
    long synced;

    @Override
    public long append(DurableWrite write) {
      writes.add(write);
      return writes.size();
    }

    @Override
    public long syncedSeq() {
      return synced;
    }
  }

  private final ManualDisk disk = new ManualDisk();
  private final List<String> wire = new ArrayList<>();
  private final Outbox<String> outbox =
      new Outbox<>(disk, (effect, route) -> wire.add(route + ":" + describe(effect)), 3);

  private static String describe(Effects.Effect effect) {
    return effect instanceof Effects.Send send
        ? send.message().getClass().getSimpleName()
        : effect.getClass().getSimpleName();
  }

  private static Effects step(DurableWrite write, long heartbeat) {
    Effects effects = new Effects();
    if (write != null) {
      effects.persist(write);
    }
    effects.send(A, new Heartbeat(BALLOT, heartbeat));
    return effects;
  }

  @Test
  void aSendAfterAWriteWaitsForItsSync() {
    Effects effects = step(new DurableWrite.PromiseWrite(BALLOT), 1);
    outbox.apply(effects, "c1");
    assertEquals(List.of(new DurableWrite.PromiseWrite(BALLOT)), disk.writes);
    assertEquals(List.of(), wire, "nothing leaves before its write is durable");
    assertEquals(0, outbox.release());
    disk.synced = 1;
    assertEquals(1, outbox.release());
    assertEquals(List.of("c1:Heartbeat"), wire);
    assertEquals(true, effects.isEmpty(), "the buffer is cleared for the next step");
  }

  @Test
  void withoutAWriteASendLeavesAtOnce() {
    outbox.apply(step(null, 1), "c1");
    assertEquals(List.of("c1:Heartbeat"), wire);
  }

  @Test
  void aLaterSendNeverOvertakesAHeldOneEvenWithoutAWriteOfItsOwn() {
    outbox.apply(step(new DurableWrite.PromiseWrite(BALLOT), 1), "c1");
    outbox.apply(step(null, 2), "c2");
    assertEquals(List.of(), wire);
    disk.synced = 1;
    outbox.release();
    assertEquals(List.of("c1:Heartbeat", "c2:Heartbeat"), wire, "in order, each on its route");
  }

  @Test
  void aSendWaitsForEveryWriteAppendedBeforeIt() {
    outbox.apply(step(new DurableWrite.PromiseWrite(BALLOT), 1), "c1");
    outbox.apply(step(new DurableWrite.TruncateWrite(5), 2), "c2");
    disk.synced = 1;
    outbox.release();
    assertEquals(List.of("c1:Heartbeat"), wire, "the second waits for write 2");
    disk.synced = 2;
    outbox.release();
    assertEquals(List.of("c1:Heartbeat", "c2:Heartbeat"), wire);
  }

  @Test
  void aReadConfirmLeavesAtOnceAheadOfHeldSends() {
    Effects effects = step(new DurableWrite.PromiseWrite(BALLOT), 1);
    effects.send(A, new ReadConfirm(BALLOT, 7));
    outbox.apply(effects, "c1");
    assertEquals(List.of("c1:ReadConfirm"), wire, "it vouches for no accept");
    assertEquals(1, outbox.held());
  }

  @Test
  void pastItsBoundTheOutboxDropsAsTheNetworkMay() {
    outbox.apply(step(new DurableWrite.PromiseWrite(BALLOT), 1), "c");
    outbox.apply(step(null, 2), "c");
    outbox.apply(step(null, 3), "c");
    outbox.apply(step(null, 4), "c");
    assertEquals(3, outbox.held());
    assertEquals(1, outbox.dropped());
    disk.synced = 1;
    assertEquals(3, outbox.release());
  }

  @Test
  void anInstantDiskHandsEachWriteOverAndHoldsNothing() {
    List<DurableWrite> sink = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    Outbox<Void> instant =
        new Outbox<>(Outbox.Disk.instant(sink::add), (effect, route) -> sent.add(describe(effect)));
    instant.apply(step(new DurableWrite.PromiseWrite(BALLOT), 1), null);
    assertEquals(1, sink.size());
    assertEquals(List.of("Heartbeat"), sent);
    assertEquals(0, instant.held());
  }
}
