package org.concoord.core.codec;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.concoord.core.host.CodeVersion;
import org.concoord.core.message.Snapshot;

/**
 * The object part of a snapshot when an instance hosts named objects: every object, in name order
 * (the default object, named "", first), each with its class, the slot that created it, the state
 * quota's counters and its own state bytes ({@code docs/protocol.md}, "The objects part"), then the
 * names deleted and remembered. Each object's bytes are copied in as they are, so a snapshot
 * re-encodes only the objects whose cached encoding a call made stale.
 *
 * <p>Stateless. Does no I/O.
 */
public final class ObjectSetCodec {
  /** First bytes of the objects part: never the first byte of an object's JSON ('{'). */
  static final byte[] MAGIC = {'C', 'C', 'O', 'B', 'J', 'S', '1', '\n'};

  /**
   * First bytes of an objects part that also records the code (an instance whose code was
   * upgraded): the same, then the code part after the deleted names.
   */
  static final byte[] MAGIC_CODE = {'C', 'C', 'O', 'B', 'J', 'S', '2', '\n'};

  /** Longest digest string: SHA-256 in hex. */
  static final int DIGEST_BYTES_MAX = 64;

  /**
   * One object: its name, class, creation slot, quota counters and state bytes, or, for a large
   * state being encoded, {@code streamed} in place of the bytes (null otherwise; never decoded).
   */
  public record Entry(
      String name,
      String className,
      long createdSlot,
      Snapshot.StateSize size,
      byte[] state,
      StreamedState streamed) {
    public Entry(
        String name, String className, long createdSlot, Snapshot.StateSize size, byte[] state) {
      this(name, className, createdSlot, size, state, null);
    }
  }

  /**
   * A state written straight into the objects part by {@code writer}, {@code bytes} long (counted
   * first): the objects part is then the only array that holds it, where a state encoded on its own
   * first would be held twice beside the live object while a snapshot is taken.
   */
  public record StreamedState(long bytes, Consumer<OutputStream> writer) {}

  /** A deleted name and the slot that deleted it. */
  public record Deleted(String name, long slot) {}

  /**
   * The code the objects run under since {@code slot} (the upgrade that installed it), and the code
   * before it (what a rollback goes back to), null if none (docs/operations.md, "Code upgrades").
   */
  public record Code(CodeVersion current, CodeVersion previous, long slot) {
    /** The instance's code before any upgrade. */
    public static final Code GENESIS = new Code(CodeVersion.GENESIS, null, 0);

    public boolean isGenesis() {
      return current.isGenesis() && previous == null;
    }
  }

  /** The decoded objects part; {@code code} is {@link Code#GENESIS} if the bytes record none. */
  public record Decoded(List<Entry> objects, List<Deleted> deleted, Code code) {}

  private ObjectSetCodec() {}

  /** Whether {@code bytes} is an objects part (else: one object's bytes, an older snapshot). */
  public static boolean isObjectSet(byte[] bytes) {
    return startsWith(bytes, MAGIC) || startsWith(bytes, MAGIC_CODE);
  }

  private static boolean startsWith(byte[] bytes, byte[] magic) {
    if (bytes.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (bytes[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The objects part, in an array of exactly its size ({@link WireWriter#exact}), so that a
   * snapshot of a large state costs one copy of it, not a buffer and a copy of the buffer.
   */
  public static byte[] encode(List<Entry> objects, List<Deleted> deleted) {
    return encode(objects, deleted, Code.GENESIS);
  }

  /**
   * The objects part with the code they run under; an instance never upgraded writes the first
   * form, byte for byte as before upgrades existed.
   */
  public static byte[] encode(List<Entry> objects, List<Deleted> deleted, Code code) {
    return WireWriter.exact(out -> write(out, objects, deleted, code));
  }

  private static void write(WireWriter out, List<Entry> objects, List<Deleted> deleted, Code code) {
    for (byte b : code.isGenesis() ? MAGIC : MAGIC_CODE) {
      out.writeU8(b & 0xff);
    }
    out.writeI32(objects.size());
    for (Entry entry : objects) {
      out.writeUtf8(entry.name(), WireFormat.OBJECT_BYTES_MAX, "Objects.name");
      out.writeUtf8(entry.className(), WireFormat.CLASS_BYTES_MAX, "Objects.class");
      out.writeI64(entry.createdSlot());
      out.writeI64(entry.size().bytes());
      out.writeI64(entry.size().grownBytes());
      out.writeI64(entry.size().callsSince());
      if (entry.streamed() != null) {
        out.writeStreamed(
            entry.streamed().bytes(),
            Integer.MAX_VALUE - 64,
            "Objects.state",
            entry.streamed().writer());
      } else {
        out.writeBytes(entry.state(), Integer.MAX_VALUE - 64, "Objects.state");
      }
    }
    out.writeI32(deleted.size());
    for (Deleted gone : deleted) {
      out.writeUtf8(gone.name(), WireFormat.OBJECT_BYTES_MAX, "Objects.deleted.name");
      out.writeI64(gone.slot());
    }
    if (!code.isGenesis()) {
      writeVersion(out, code.current());
      out.writeBool(code.previous() != null);
      if (code.previous() != null) {
        writeVersion(out, code.previous());
      }
      out.writeI64(code.slot());
    }
  }

  private static void writeVersion(WireWriter out, CodeVersion version) {
    out.writeUtf8(version.className(), WireFormat.CLASS_BYTES_MAX, "Code.class");
    out.writeUtf8(version.digest(), DIGEST_BYTES_MAX, "Code.digest");
    out.writeBytes(version.jar(), Integer.MAX_VALUE - 64, "Code.jar");
  }

  private static CodeVersion readVersion(WireReader in) {
    String className = in.readUtf8("Code.class", WireFormat.CLASS_BYTES_MAX);
    String digest = in.readUtf8("Code.digest", DIGEST_BYTES_MAX);
    byte[] jar = in.readBytes("Code.jar", Integer.MAX_VALUE - 64);
    if (digest.equals(CodeVersion.GENESIS_DIGEST)
        ? jar.length != 0
        : !digest.equals(CodeVersion.digestOf(jar))) {
      throw new IllegalArgumentException(
          "code part: the code's bytes do not have its digest " + digest);
    }
    return new CodeVersion(className, jar, digest);
  }

  /**
   * The objects part {@code bytes} holds.
   *
   * @throws IllegalArgumentException naming what is malformed
   */
  public static Decoded decode(byte[] bytes) {
    if (!isObjectSet(bytes)) {
      throw new IllegalArgumentException(
          "not an objects part (no "
              + new String(MAGIC, 0, 7, java.nio.charset.StandardCharsets.US_ASCII)
              + " header)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    buffer.position(MAGIC.length);
    WireReader in = new WireReader(buffer, 0);
    try {
      int count = in.readCount("Objects.count", Integer.MAX_VALUE, 2 + 2 + 32 + 4);
      List<Entry> objects = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String name = in.readUtf8("Objects.name", WireFormat.OBJECT_BYTES_MAX);
        String className = in.readUtf8("Objects.class", WireFormat.CLASS_BYTES_MAX);
        long created = in.readI64("Objects.createdSlot");
        Snapshot.StateSize size =
            new Snapshot.StateSize(
                in.readI64("Objects.size.bytes"),
                in.readI64("Objects.size.grownBytes"),
                in.readI64("Objects.size.callsSince"));
        byte[] state = in.readBytes("Objects.state", Integer.MAX_VALUE - 64);
        objects.add(new Entry(name, className, created, size, state));
      }
      int deletedCount = in.readCount("Objects.deleted", Integer.MAX_VALUE, 2 + 8);
      List<Deleted> deleted = new ArrayList<>(deletedCount);
      for (int i = 0; i < deletedCount; i++) {
        deleted.add(
            new Deleted(
                in.readUtf8("Objects.deleted.name", WireFormat.OBJECT_BYTES_MAX),
                in.readI64("Objects.deleted.slot")));
      }
      Code code = Code.GENESIS;
      if (startsWith(bytes, MAGIC_CODE)) {
        CodeVersion current = readVersion(in);
        CodeVersion previous = in.readBool("Code.hasPrevious") ? readVersion(in) : null;
        code = new Code(current, previous, in.readI64("Code.slot"));
      }
      if (in.remaining() > 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the objects part");
      }
      return new Decoded(objects, deleted, code);
    } catch (WireReader.Malformed e) {
      throw new IllegalArgumentException("objects part: " + e.getMessage(), e);
    }
  }
}
