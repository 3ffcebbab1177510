package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.concoord.core.command.Batch;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.message.Message;

/**
 * Properties of the codec over generated values: every record round-trips, the encoding is
 * canonical, and no input, however mangled, makes the decoder throw. A failure prints jqwik's seed;
 * jqwik reruns the failing seed first, so rerunning the same test command reproduces it.
 */
class MessageCodecPropertiesTest {

  @Provide
  Arbitrary<Message> messages() {
    return MessageArbitraries.messages();
  }

  @Provide
  Arbitrary<DurableWrite> durableWrites() {
    return MessageArbitraries.durableWrites();
  }

  @Provide
  Arbitrary<Batch> batches() {
    return MessageArbitraries.batches();
  }

  @Property(tries = 2000)
  void everyMessageRoundTripsToAnEqualMessage(@ForAll("messages") Message message) {
    Statistics.label("type").collect(message.getClass().getSimpleName());
    byte[] frame = MessageCodec.encode(message);

    Decoded<Message> decoded = MessageCodec.decode(frame);

    assertEquals(new Decoded.Ok<>(message), decoded);
    Statistics.label("type")
        .coverage(
            coverage -> {
              for (String type : MessageArbitraries.MESSAGE_TYPES) {
                coverage.check(type).count(count -> count > 0);
              }
            });
  }

  @Property
  void everyDurableWriteRoundTripsToAnEqualWrite(@ForAll("durableWrites") DurableWrite write) {
    assertEquals(
        new Decoded.Ok<>(write), MessageCodec.decodeDurableWrite(MessageCodec.encode(write)));
  }

  @Property
  void everyBatchRoundTripsToAnEqualBatch(@ForAll("batches") Batch batch) {
    assertEquals(
        new Decoded.Ok<>(batch), MessageCodec.decodeBatch(MessageCodec.encodeBatch(batch)));
  }

  @Property
  void frameLengthPrefixCountsTheBytesAfterIt(@ForAll("messages") Message message) {
    byte[] frame = MessageCodec.encode(message);

    int length =
        (frame[0] & 0xFF) << 24
            | (frame[1] & 0xFF) << 16
            | (frame[2] & 0xFF) << 8
            | frame[3] & 0xFF;

    assertEquals(frame.length - WireFormat.LENGTH_PREFIX_BYTES, length);
    assertEquals(WireFormat.VERSION, frame[4]);
  }

  @Property
  void encodingIntoAReusedWriterAppendsTheSameBytes(
      @ForAll("messages") Message first, @ForAll("messages") Message second) {
    WireWriter out = new WireWriter(1);
    MessageCodec.encode(first, out);
    int firstSize = out.size();
    MessageCodec.encode(second, out);

    byte[] both = out.toByteArray();

    assertArrayEquals(MessageCodec.encode(first), Arrays.copyOf(both, firstSize));
    assertArrayEquals(
        MessageCodec.encode(second), Arrays.copyOfRange(both, firstSize, both.length));
  }

  @Property(tries = 3000)
  void randomBytesDecodeToOkOrErrorNeverThrow(@ForAll("garbage") byte[] bytes) {
    Decoded<Message> decoded = MessageCodec.decode(bytes);

    assertCanonicalIfOk(bytes, decoded, MessageCodec::encode);
    assertNotNull(FrameReader.next(ByteBuffer.wrap(bytes)));
    Statistics.label("result").collect(decoded.isOk() ? "ok" : "error");
  }

  @Property(tries = 3000)
  void mutatedFramesDecodeToOkOrErrorNeverThrow(
      @ForAll("messages") Message message,
      @ForAll("edits") List<Edit> edits,
      @ForAll boolean lengthFixed) {
    byte[] bytes = mutate(MessageCodec.encode(message), edits, lengthFixed);

    Decoded<Message> decoded = MessageCodec.decode(bytes);

    assertCanonicalIfOk(bytes, decoded, MessageCodec::encode);
    assertNotNull(FrameReader.next(ByteBuffer.wrap(bytes)));
    assertFalse(MessageCodec.decodeDurableWrite(bytes).isOk() && decoded.isOk());
    Statistics.label("result").collect(decoded.isOk() ? "ok" : "error");
  }

  @Property(tries = 1000)
  void mutatedDurableWritesAndBatchesDecodeToOkOrErrorNeverThrow(
      @ForAll("durableWrites") DurableWrite write,
      @ForAll("batches") Batch batch,
      @ForAll("edits") List<Edit> edits,
      @ForAll boolean lengthFixed) {
    byte[] writeBytes = mutate(MessageCodec.encode(write), edits, lengthFixed);
    byte[] batchBytes = mutate(MessageCodec.encodeBatch(batch), edits, lengthFixed);

    assertCanonicalIfOk(
        writeBytes, MessageCodec.decodeDurableWrite(writeBytes), MessageCodec::encode);
    assertNotNull(FrameReader.nextDurableWrite(ByteBuffer.wrap(writeBytes)));
    assertCanonicalIfOk(
        batchBytes, MessageCodec.decodeBatch(batchBytes), MessageCodec::encodeBatch);
  }

  private static byte[] mutate(byte[] frame, List<Edit> edits, boolean lengthFixed) {
    byte[] bytes = frame;
    for (Edit edit : edits) {
      bytes = edit.apply(bytes);
    }
    if (lengthFixed && bytes.length >= WireFormat.LENGTH_PREFIX_BYTES) {
      // Half the time the prefix matches again, so that the edits reach the field decoders.
      writeLengthPrefix(bytes, bytes.length - WireFormat.LENGTH_PREFIX_BYTES);
    }
    return bytes;
  }

  @Property
  void utf8MatchesTheJdkForTextWithoutUnpairedSurrogates(@ForAll("anyText") String text) {
    byte[] jdk = text.getBytes(StandardCharsets.UTF_8);
    // The JDK replaces an unpaired surrogate with '?', so only well-formed text survives its trip.
    boolean wellFormed = text.equals(new String(jdk, StandardCharsets.UTF_8));
    WireWriter out = new WireWriter();

    if (!wellFormed) {
      assertThrows(IllegalArgumentException.class, () -> out.writeUtf8(text, 0xFFFF, "text"));
      assertEquals(0, out.size());
      return;
    }
    out.writeUtf8(text, 0xFFFF, "text");
    assertEquals(2 + jdk.length, out.size());
    assertArrayEquals(jdk, Arrays.copyOfRange(out.array(), 2, out.size()));
  }

  /** A decoder that says Ok must have read the one encoding of that value: it re-encodes equal. */
  private static <T> void assertCanonicalIfOk(
      byte[] bytes, Decoded<T> decoded, Function<T, byte[]> encode) {
    if (decoded instanceof Decoded.Ok<T> ok) {
      assertArrayEquals(bytes, encode.apply(ok.value()));
    } else {
      assertFalse(((Decoded.Error<T>) decoded).reason().isEmpty());
    }
  }

  private static void writeLengthPrefix(byte[] frame, int length) {
    frame[0] = (byte) (length >>> 24);
    frame[1] = (byte) (length >>> 16);
    frame[2] = (byte) (length >>> 8);
    frame[3] = (byte) length;
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    // Bytes behind a valid header reach the field decoders instead of failing at the prefix.
    Arbitrary<byte[]> headed =
        Combinators.combine(Arbitraries.integers().between(0, 0x60), raw)
            .as(
                (tag, body) -> {
                  byte[] frame = new byte[6 + body.length];
                  writeLengthPrefix(frame, 2 + body.length);
                  frame[4] = WireFormat.VERSION;
                  frame[5] = (byte) (int) tag;
                  System.arraycopy(body, 0, frame, 6, body.length);
                  return frame;
                });
    return Arbitraries.oneOf(raw, headed);
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    return Combinators.combine(
            Arbitraries.of(EditKind.class),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.bytes())
        .as(Edit::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.strings().all().ofMaxLength(40);
  }

  enum EditKind {
    FLIP_BIT,
    SET_BYTE,
    TRUNCATE,
    EXTEND,
    INSERT_BYTE,
    DELETE_BYTE
  }

  /** One change to a frame; {@code at} is taken modulo the frame's length. */
  record Edit(EditKind kind, int at, byte value) {
    byte[] apply(byte[] bytes) {
      int index = bytes.length == 0 ? 0 : at % bytes.length;
      byte[] out;
      switch (kind) {
        case FLIP_BIT -> {
          out = bytes.clone();
          if (out.length > 0) {
            out[index] ^= (byte) (1 << (value & 7));
          }
        }
        case SET_BYTE -> {
          out = bytes.clone();
          if (out.length > 0) {
            out[index] = value;
          }
        }
        case TRUNCATE -> out = Arrays.copyOf(bytes, index);
        case EXTEND -> {
          out = Arrays.copyOf(bytes, bytes.length + 1 + (value & 7));
          Arrays.fill(out, bytes.length, out.length, value);
        }
        case INSERT_BYTE -> {
          out = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, out, 0, index);
          out[index] = value;
          System.arraycopy(bytes, index, out, index + 1, bytes.length - index);
        }
        default -> {
          if (bytes.length == 0) {
            return bytes;
          }
          out = new byte[bytes.length - 1];
          System.arraycopy(bytes, 0, out, 0, index);
          System.arraycopy(bytes, index + 1, out, index, bytes.length - index - 1);
        }
      }
      return out;
    }
  }
}
