package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
    Snapshot back =
        assertInstanceOf(Decoded.Ok.class, decoded).value() instanceof Snapshot s ? s : null;
    assertEquals(snapshot, back);
    assertSame(snapshot.object(), back.object());
  }

  @Property(tries = 300)
  void aCutMetaPartIsAnErrorNotAnException(@ForAll("snapshots") Snapshot snapshot) {
    byte[] meta = SnapshotStream.encodeMeta(snapshot);
    byte[] cut = Arrays.copyOf(meta, meta.length - 1);
    assertInstanceOf(Decoded.Error.class, SnapshotStream.decode(cut, new byte[0]));
  }

  @Property(tries = 100)
  void theSummedMetaSizeIsTheEncodedLength(@ForAll("snapshots") Snapshot snapshot) {
    // encodeMeta allocates what metaSize sums: a wrong sum would cost a copy or regrowth.
    assertEquals(SnapshotStream.encodeMeta(snapshot).length, 1 + SnapshotCodec.metaSize(snapshot));
  }

  @Property(tries = 100)
  void aStreamedMetaDigestIsTheDigestOfTheEncodedMeta(@ForAll("snapshots") Snapshot snapshot)
      throws Exception {
    java.security.MessageDigest streamed = java.security.MessageDigest.getInstance("SHA-256");
    SnapshotStream.digestMeta(snapshot, streamed);
    byte[] whole =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(SnapshotStream.encodeMeta(snapshot));
    assertEquals(
        java.util.HexFormat.of().formatHex(whole),
        java.util.HexFormat.of().formatHex(streamed.digest()));
  }

  @Property(tries = 100)
  void aStreamingWriterHandsOverExactlyWhatAKeepingOneHolds(
      @ForAll("snapshots") Snapshot snapshot) {
    // A 16-byte buffer: most fields cross a flush, and most payloads go to the sink directly.
    java.io.ByteArrayOutputStream sunk = new java.io.ByteArrayOutputStream();
    WireWriter streaming = WireWriter.streaming(16, sunk::write);
    SnapshotCodec.writeMeta(streaming, snapshot);
    streaming.flush();
    WireWriter kept = new WireWriter();
    SnapshotCodec.writeMeta(kept, snapshot);
    assertEquals(Arrays.toString(kept.toByteArray()), Arrays.toString(sunk.toByteArray()));
  }

  @Test
  void anObjectOverTheFrameBoundNeedsNoFrame() {
    byte[] object = new byte[WireFormat.FRAME_LENGTH_MAX + 1];
    Snapshot big =
        new Snapshot(
            5,
            0,
            java.util.List.of(
                new org.concoord.core.view.ViewHistory.Entry(
                    1,
                    org.concoord.core.view.View.initial(
                        java.util.List.of(org.concoord.core.NodeId.of("r:1")),
                        java.util.List.of()))),
            0,
            java.util.List.of(),
            object);
    Decoded<Snapshot> decoded = SnapshotStream.decode(SnapshotStream.encodeMeta(big), object);
    assertInstanceOf(Decoded.Ok.class, decoded);
  }
}
