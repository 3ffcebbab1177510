package org.concoord.core.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.concoord.core.message.Snapshot;

/**
 * A {@link Snapshot} as a stream of any length rather than one frame: its meta part (format
 * version, then the Snapshot fields but the object, as in {@code docs/protocol.md}) followed by the
 * object's bytes as they are. Chunked transfers ({@code SnapshotChunk}) and the replica's snapshot
 * file carry it; neither is bound by {@link WireFormat#FRAME_LENGTH_MAX}, so an object state of any
 * size can be handed over and kept. Keeping the two parts apart lets the object's bytes go from the
 * sender's array to the receiver's without a copy of the whole.
 *
 * <p>Stateless and thread-safe. Does no I/O.
 */
public final class SnapshotStream {
  private SnapshotStream() {}

  /**
   * The meta part of {@code snapshot}, in an array of its exact size ({@link WireWriter#exact}):
   * with the sessions' cached replies it can be tens of megabytes, which a doubling buffer and its
   * copy would hold up to three times over.
   */
  public static byte[] encodeMeta(Snapshot snapshot) {
    long size = 1 + SnapshotCodec.metaSize(snapshot);
    if (size > Integer.MAX_VALUE - 8) {
      return WireWriter.exact(out -> writeMeta(out, snapshot)); // fails as it always did
    }
    // Written once into an array of the size summed from the lengths: the general exact(), a
    // trial in a growing buffer, then a counting pass and the write, cost the digest check's
    // snapshot (every 1,000 slots) three passes over every cached reply.
    WireWriter out = new WireWriter((int) Math.max(1, size));
    writeMeta(out, snapshot);
    return out.toExactArray(); // no copy when the sum is right (a test checks that it is)
  }

  /**
   * Feeds the bytes of {@link #encodeMeta} to {@code digest} as they are written, without an array
   * of their size: a digest looks at them once.
   */
  public static void digestMeta(Snapshot snapshot, java.security.MessageDigest digest) {
    WireWriter out = WireWriter.streaming(STREAM_BUFFER_BYTES, digest::update);
    writeMeta(out, snapshot);
    out.flush();
  }

  /** The buffer through which {@link #digestMeta} feeds its digest. */
  private static final int STREAM_BUFFER_BYTES = 8 << 10;

  private static void writeMeta(WireWriter out, Snapshot snapshot) {
    out.writeU8(WireFormat.VERSION);
    SnapshotCodec.writeMeta(out, snapshot);
  }

  /**
   * The snapshot whose meta part is {@code meta} and whose object is {@code object} (taken as is,
   * not copied); an error naming what is wrong if {@code meta} is not exactly a meta part.
   */
  public static Decoded<Snapshot> decode(byte[] meta, byte[] object) {
    ByteBuffer buffer = ByteBuffer.wrap(meta).order(ByteOrder.BIG_ENDIAN);
    WireReader in = new WireReader(buffer, 0);
    try {
      int version = in.readU8("version");
      if (version != WireFormat.VERSION) {
        return new Decoded.Error<>("unknown snapshot format version " + version);
      }
      Snapshot snapshot = SnapshotCodec.readMeta(in, object);
      if (in.remaining() > 0) {
        return new Decoded.Error<>(in.remaining() + " trailing bytes after the snapshot's meta");
      }
      return new Decoded.Ok<>(snapshot);
    } catch (WireReader.Malformed e) {
      return new Decoded.Error<>("Snapshot: " + e.getMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      return new Decoded.Error<>("Snapshot: invalid value: " + e.getMessage());
    }
  }
}
