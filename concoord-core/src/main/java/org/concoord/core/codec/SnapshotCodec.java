package org.concoord.core.codec;

import static org.concoord.core.codec.WireFormat.FRAME_LENGTH_MAX;
import static org.concoord.core.codec.WireFormat.SNAPSHOT_SESSIONS_MAX;
import static org.concoord.core.codec.WireFormat.SNAPSHOT_VIEWS_MAX;
import static org.concoord.core.codec.WireFormat.TAG_SNAPSHOT;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.Response;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Snapshot;
import org.concoord.core.view.ViewHistory;

/**
 * Encodes and decodes {@link Snapshot}: slot, clock, views, sessions with their cached replies,
 * then the object's bytes. Every count is bounded and checked against the bytes left before
 * anything is allocated, like every other message.
 *
 * <p>Stateless. Does no I/O.
 */
final class SnapshotCodec {
  /** Fewest bytes of an encoded session (four i64, two counts, the principal's length). */
  private static final int SESSION_BYTES_MIN = 4 * 8 + 2 * 4 + 2;

  /** Fewest bytes of an encoded cached reply (seq, outcome, payload length). */
  private static final int REPLY_BYTES_MIN = 8 + 1 + 4;

  /** Fewest bytes of an encoded view-history entry (slot, epoch, three counts). */
  private static final int VIEW_ENTRY_BYTES_MIN = 8 + 8 + 3 * 4;

  private SnapshotCodec() {}

  static void write(WireWriter out, Snapshot m) {
    out.writeU8(TAG_SNAPSHOT);
    writeMeta(out, m);
    out.writeBytes(m.object(), FRAME_LENGTH_MAX, "Snapshot.object");
  }

  /** Everything but the object: slot, clock, views, sessions, state size. */
  static void writeMeta(WireWriter out, Snapshot m) {
    out.writeI64(m.slot());
    out.writeI64(m.clockTicks());
    writeCount(out, m.views().size(), SNAPSHOT_VIEWS_MAX, "Snapshot.views");
    for (ViewHistory.Entry entry : m.views()) {
      out.writeI64(entry.fromSlot());
      MembershipCodec.writeView(out, entry.view());
    }
    out.writeI64(m.sessionsScannedTicks());
    writeCount(out, m.sessions().size(), SNAPSHOT_SESSIONS_MAX, "Snapshot.sessions");
    for (Snapshot.Session session : m.sessions()) {
      out.writeI64(session.clientId());
      out.writeI64(session.activeTicks());
      out.writeI64(session.expiryTicks());
      out.writeI64(session.ackedBelow());
      writeCount(out, session.replies().size(), FRAME_LENGTH_MAX, "Snapshot.replies");
      for (Snapshot.Reply reply : session.replies()) {
        out.writeI64(reply.seq());
        out.writeU8(reply.response().outcome().code);
        out.writeBytes(reply.response().payload(), FRAME_LENGTH_MAX, "Snapshot.reply");
      }
      writeCount(out, session.parked().size(), FRAME_LENGTH_MAX, "Snapshot.parked");
      for (long seq : session.parked()) {
        out.writeI64(seq);
      }
      out.writeUtf8(
          session.principal(), ClientCommand.PRINCIPAL_LENGTH_MAX, "Snapshot.session.principal");
    }
    out.writeI64(m.size().bytes());
    out.writeI64(m.size().grownBytes());
    out.writeI64(m.size().callsSince());
    out.writeBytes(m.access(), FRAME_LENGTH_MAX, "Snapshot.access");
  }

  /**
   * The length of what {@link #writeMeta} writes, summed from the lengths it writes rather than by
   * writing them (the views, a few bytes, are counted by a counting writer).
   */
  static long metaSize(Snapshot m) {
    WireWriter views = WireWriter.counting();
    for (ViewHistory.Entry entry : m.views()) {
      views.writeI64(entry.fromSlot());
      MembershipCodec.writeView(views, entry.view());
    }
    long bytes = 8 + 8 + 4 + views.size() + 8 + 4;
    for (Snapshot.Session session : m.sessions()) {
      bytes +=
          4 * 8
              + 4
              + 4
              + 8L * session.parked().size()
              + 2
              + WireSizes.utf8Length(session.principal());
      for (Snapshot.Reply reply : session.replies()) {
        bytes += 8 + 1 + 4 + reply.response().payload().length;
      }
    }
    return bytes + 3 * 8 + 4 + m.access().length;
  }

  static Snapshot read(WireReader in) {
    Snapshot meta = readMeta(in, new byte[0]);
    byte[] object = in.readBytes("Snapshot.object", FRAME_LENGTH_MAX);
    return withObject(meta, object);
  }

  /** {@code meta} with {@code object} as its object's bytes (no copy). */
  static Snapshot withObject(Snapshot meta, byte[] object) {
    return new Snapshot(
        meta.slot(),
        meta.clockTicks(),
        meta.views(),
        meta.sessionsScannedTicks(),
        meta.sessions(),
        meta.size(),
        object,
        meta.access());
  }

  /** Reads what {@link #writeMeta} wrote; the snapshot gets {@code object} as its object. */
  static Snapshot readMeta(WireReader in, byte[] object) {
    long slot = in.readI64("Snapshot.slot");
    long clockTicks = in.readI64("Snapshot.clockTicks");
    int viewCount = in.readCount("Snapshot.views", SNAPSHOT_VIEWS_MAX, VIEW_ENTRY_BYTES_MIN);
    List<ViewHistory.Entry> views = new ArrayList<>(viewCount);
    for (int i = 0; i < viewCount; i++) {
      long fromSlot = in.readI64("Snapshot.view.fromSlot");
      views.add(new ViewHistory.Entry(fromSlot, MembershipCodec.readView(in)));
    }
    long scannedTicks = in.readI64("Snapshot.sessionsScannedTicks");
    int sessionCount = in.readCount("Snapshot.sessions", SNAPSHOT_SESSIONS_MAX, SESSION_BYTES_MIN);
    List<Snapshot.Session> sessions = new ArrayList<>(sessionCount);
    for (int i = 0; i < sessionCount; i++) {
      sessions.add(readSession(in));
    }
    Snapshot.StateSize size =
        new Snapshot.StateSize(
            in.readI64("Snapshot.size.bytes"),
            in.readI64("Snapshot.size.grownBytes"),
            in.readI64("Snapshot.size.callsSince"));
    byte[] access = in.readBytes("Snapshot.access", FRAME_LENGTH_MAX);
    return new Snapshot(slot, clockTicks, views, scannedTicks, sessions, size, object, access);
  }

  private static Snapshot.Session readSession(WireReader in) {
    long clientId = in.readI64("Snapshot.session.clientId");
    long activeTicks = in.readI64("Snapshot.session.activeTicks");
    long expiryTicks = in.readI64("Snapshot.session.expiryTicks");
    long ackedBelow = in.readI64("Snapshot.session.ackedBelow");
    int replyCount = in.readCount("Snapshot.replies", FRAME_LENGTH_MAX, REPLY_BYTES_MIN);
    List<Snapshot.Reply> replies = new ArrayList<>(replyCount);
    for (int i = 0; i < replyCount; i++) {
      long seq = in.readI64("Snapshot.reply.seq");
      Outcome outcome = Outcome.ofCode(in.readU8("Snapshot.reply.outcome"));
      byte[] payload = in.readBytes("Snapshot.reply", FRAME_LENGTH_MAX);
      replies.add(new Snapshot.Reply(seq, new Response(outcome, payload)));
    }
    int parkedCount = in.readCount("Snapshot.parked", FRAME_LENGTH_MAX, 8);
    List<Long> parked = new ArrayList<>(parkedCount);
    for (int i = 0; i < parkedCount; i++) {
      parked.add(in.readI64("Snapshot.parked.seq"));
    }
    String principal =
        in.readUtf8("Snapshot.session.principal", ClientCommand.PRINCIPAL_LENGTH_MAX);
    return new Snapshot.Session(
        clientId, activeTicks, expiryTicks, ackedBelow, replies, parked, principal);
  }

  private static void writeCount(WireWriter out, int count, int countMax, String field) {
    if (count > countMax) {
      throw new IllegalArgumentException(field + " has " + count + " > " + countMax);
    }
    out.writeI32(count);
  }
}
