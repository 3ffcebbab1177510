package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.concoord.core.message.Snapshot;
import org.junit.jupiter.api.Test;

/** A snapshot as a meta part plus object bytes: round trips, no frame bound, damage refused. */
class SnapshotStreamTest {
  @Provide
  Arbitrary<Snapshot> snapshots() {
    return MessageArbitraries.snapshots();
  }

  @Property(tries = 300)
  void metaPlusObjectRoundTripsAndKeepsTheObjectArray(@ForAll("snapshots") Snapshot snapshot) {
    byte[] meta = SnapshotStream.encodeMeta(snapshot);
    Decoded<Snapshot> decoded = SnapshotStream.decode(meta, snapshot.object());
    Snapshot back = assertInstanceOf(Decoded.Ok.class, decoded).value() instanceof Snapshot s
        ? s : null;
    assertEquals(snapshot, back);
    assertSame(snapshot.object(), back.object());
  }

  @Property(tries = 300)
  void aCutMetaPartIsAnErrorNotAnException(@ForAll("snapshots") Snapshot snapshot) {
    byte[] meta = SnapshotStream.encodeMeta(snapshot);
    byte[] cut = Arrays.copyOf(meta, meta.length - 1);
    assertInstanceOf(Decoded.Error.class, SnapshotStream.decode(cut, new byte[0]));
  }

  @Test
  void anObjectOverTheFrameBoundNeedsNoFrame() {
    byte[] object = new byte[WireFormat.FRAME_LENGTH_MAX + 1];
    Snapshot big = new Snapshot(5, 0, java.util.List.of(new org.concoord.core.view.ViewHistory
        .Entry(1, org.concoord.core.view.View.initial(
            java.util.List.of(org.concoord.core.NodeId.of("r:1")), java.util.List.of()))),
        0, java.util.List.of(), object);
    Decoded<Snapshot> decoded = SnapshotStream.decode(SnapshotStream.encodeMeta(big), object);
    assertInstanceOf(Decoded.Ok.class, decoded);
  }
}
