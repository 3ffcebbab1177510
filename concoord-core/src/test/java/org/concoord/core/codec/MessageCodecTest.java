package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Prepare;
import org.junit.jupiter.api.Test;

/** How the codec refuses bad frames, and what the encoder refuses to write. */
class MessageCodecTest {
  private static final NodeId A = NodeId.of("a:1");
  private static final Prepare PREPARE = new Prepare(new Ballot(7, A), 42);

  /** Far less than any of the allocations a naive decoder would make in these tests (>= 4 MiB). */
  private static final long ALLOCATION_BYTES_MAX = 64 * 1024;

  @Test
  void decodeRejectsFrameLongerThanMax() {
    byte[] frame = ExpectedFrame.tag(0x08).i64(1).frame();
    writeLength(frame, WireFormat.FRAME_LENGTH_MAX + 1);

    assertError(MessageCodec.decode(frame), "exceeds maximum");
  }

  @Test
  void decodeRejectsOversizedLengthPrefixWithoutAllocating() {
    byte[] frame = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 8};
    MessageCodec.decode(frame); // Warm up: class loading allocates too.

    long allocated = allocatedBytes(() -> assertError(MessageCodec.decode(frame), "4294967295"));

    assertTrue(allocated < ALLOCATION_BYTES_MAX, "allocated " + allocated);
  }

  @Test
  void decodeRejectsListCountBeyondRemainingBytesWithoutAllocating() {
    // A count within its bound, but with no pvalue behind it: sizing a list by it would take 4 MiB.
    byte[] frame =
        ExpectedFrame.tag(0x02).ballot(7, "a:1").i64(1).u32(WireFormat.PROMISE_PVALUES_MAX).frame();
    MessageCodec.decode(frame);

    long allocated =
        allocatedBytes(() -> assertError(MessageCodec.decode(frame), "needs at least"));

    assertTrue(allocated < ALLOCATION_BYTES_MAX, "allocated " + allocated);
  }

  @Test
  void decodeRejectsListCountAboveItsBound() {
    byte[] frame = ExpectedFrame.tag(0x09).i64(1).u32(0xFFFF_FFFFL).frame();

    assertError(MessageCodec.decode(frame), "CatchUpReply.batches count 4294967295 exceeds bound");
  }

  @Test
  void decodeRejectsValueLengthBeyondRemainingBytesWithoutAllocating() {
    byte[] frame =
        ExpectedFrame.tag(0x0B).i64(1).i64(1).u8(0).u32(WireFormat.VALUE_BYTES_MAX).frame();
    MessageCodec.decode(frame);

    long allocated = allocatedBytes(() -> assertError(MessageCodec.decode(frame), "truncated"));

    assertTrue(allocated < ALLOCATION_BYTES_MAX, "allocated " + allocated);
  }

  @Test
  void decodeRejectsAddressLongerThanItsByteBound() {
    byte[] frame = ExpectedFrame.tag(0x07).i64(1).text("a".repeat(766)).i64(1).frame();

    assertError(MessageCodec.decode(frame), "NodeId.address length 766 exceeds bound 765");
  }

  @Test
  void decodeRejectsUnknownVersion() {
    byte[] frame = MessageCodec.encode(PREPARE);
    frame[4] = 2;

    assertError(MessageCodec.decode(frame), "unknown format version 2");
  }

  @Test
  void decodeRejectsUnknownTag() {
    byte[] frame = MessageCodec.encode(PREPARE);
    frame[5] = 0x2A;

    assertError(MessageCodec.decode(frame), "unknown message tag 0x2a");
  }

  @Test
  void decodeRejectsDurableWriteAsMessageAndMessageAsDurableWrite() {
    byte[] write = MessageCodec.encode(new DurableWrite.PromiseWrite(new Ballot(1, A)));

    assertError(MessageCodec.decode(write), "unknown message tag PromiseWrite");
    assertError(MessageCodec.decodeDurableWrite(MessageCodec.encode(PREPARE)), "durable write tag");
  }

  @Test
  void decodeRejectsEveryTruncationOfAFrame() {
    byte[] frame = MessageCodec.encode(PREPARE);
    for (int length = 0; length < frame.length; length++) {
      assertError(MessageCodec.decode(Arrays.copyOf(frame, length)), "truncated");
    }
  }

  @Test
  void decodeRejectsTruncatedFieldsInsideAConsistentFrame() {
    byte[] frame = ExpectedFrame.tag(0x01).ballot(7, "a:1").raw(0, 0, 0).frame();

    assertError(
        MessageCodec.decode(frame), "Prepare: truncated: Prepare.fromSlot needs 8 bytes, 3 left");
  }

  @Test
  void decodeRejectsTrailingBytesAfterTheFrame() {
    byte[] frame = Arrays.copyOf(MessageCodec.encode(PREPARE), 30);

    assertError(MessageCodec.decode(frame), "trailing bytes");
  }

  @Test
  void decodeRejectsTrailingBytesInsideTheFrame() {
    byte[] frame = ExpectedFrame.tag(0x08).i64(1).u8(0).frame();

    assertError(MessageCodec.decode(frame), "CatchUpRequest: 1 trailing bytes after the fields");
  }

  @Test
  void decodeRejectsFrameShorterThanItsHeader() {
    assertError(MessageCodec.decode(new byte[] {0, 0, 0, 0}), "below the 2-byte header");
    assertError(MessageCodec.decode(new byte[] {0, 0, 0, 1, 1}), "below the 2-byte header");
  }

  @Test
  void decodeRejectsValueTheRecordRefuses() {
    byte[] frame = ExpectedFrame.tag(0x01).ballot(7, "a:1").i64(0).frame();

    assertError(MessageCodec.decode(frame), "fromSlot must be >= 1");
  }

  @Test
  void decodeRejectsNegativeBallotRound() {
    byte[] frame = ExpectedFrame.tag(0x01).ballot(-1, "a:1").i64(1).frame();

    assertError(MessageCodec.decode(frame), "ballot round must be >= 0");
  }

  @Test
  void decodeRejectsEmptyAddress() {
    byte[] frame = ExpectedFrame.tag(0x01).ballot(1, "").i64(1).frame();

    assertError(MessageCodec.decode(frame), "node address must be");
  }

  @Test
  void decodeRejectsUnknownOutcomeCode() {
    byte[] frame = ExpectedFrame.tag(0x0B).i64(1).i64(1).u8(6).u32(0).u8(0).frame();

    assertError(MessageCodec.decode(frame), "unknown outcome code 6");
  }

  @Test
  void decodeRejectsUnknownRoleCodeAndCommandKind() {
    byte[] role = ExpectedFrame.tag(0x06).i64(1).i64(0).u32(1).raw(2, 1, 4).text("a:1").frame();
    byte[] kind = ExpectedFrame.tag(0x06).i64(1).i64(0).u32(1).raw(4, 1, 1).text("a:1").frame();

    assertError(MessageCodec.decode(role), "unknown role code 4");
    assertError(MessageCodec.decode(kind), "unknown command kind 4");
  }

  @Test
  void decodeRejectsBooleanOtherThanZeroOrOne() {
    byte[] hint = ExpectedFrame.tag(0x0B).i64(1).i64(1).u8(0).u32(0).u8(2).frame();

    assertError(MessageCodec.decode(hint), "ClientReply.leaderHint present must be 0 or 1, is 2");
  }

  @Test
  void decodeRejectsMalformedAndOverlongUtf8() {
    byte[] lone = ExpectedFrame.tag(0x07).i64(1).u8(0).u8(1).u8(0x80).i64(1).frame();
    // "/" as an overlong 2-byte sequence; lenient decoders accept it, which breaks canonicity.
    byte[] overlong = ExpectedFrame.tag(0x07).i64(1).u8(0).u8(2).raw(0xC0, 0xAF).i64(1).frame();
    // U+D800 encoded directly (CESU-8 style): not UTF-8.
    byte[] surrogate =
        ExpectedFrame.tag(0x07).i64(1).u8(0).u8(3).raw(0xED, 0xA0, 0x80).i64(1).frame();

    assertError(MessageCodec.decode(lone), "not valid UTF-8");
    assertError(MessageCodec.decode(overlong), "not valid UTF-8");
    assertError(MessageCodec.decode(surrogate), "not valid UTF-8");
  }

  @Test
  void decodeErrorNamesTheFrameOffset() {
    byte[] frame = ExpectedFrame.tag(0x01).ballot(7, "a:1").raw(0, 0, 0).frame();

    assertError(MessageCodec.decode(frame), "(at byte 19)");
  }

  @Test
  void decodeReadsFromPositionAndLeavesTheBufferAsItWas() {
    byte[] frame = MessageCodec.encode(PREPARE);
    ByteBuffer buffer = ByteBuffer.allocate(frame.length + 3).order(ByteOrder.LITTLE_ENDIAN);
    buffer.position(3);
    buffer.put(frame).position(3);

    assertEquals(new Decoded.Ok<Message>(PREPARE), MessageCodec.decode(buffer));
    assertEquals(3, buffer.position());
    assertEquals(ByteOrder.LITTLE_ENDIAN, buffer.order());
  }

  @Test
  void decodeReadsDirectAndReadOnlyBuffers() {
    Message message = new ClientRequest(new ClientCommand(1, 1, 0, new Call("é", new byte[] {1})));
    byte[] frame = MessageCodec.encode(message);
    ByteBuffer direct = ByteBuffer.allocateDirect(frame.length).put(frame).flip();

    assertEquals(new Decoded.Ok<>(message), MessageCodec.decode(direct));
    assertEquals(
        new Decoded.Ok<>(message), MessageCodec.decode(ByteBuffer.wrap(frame).asReadOnlyBuffer()));
  }

  @Test
  void encodeRejectsFrameLongerThanMaxAndLeavesWriterAsItWas() {
    WireWriter out = new WireWriter();
    MessageCodec.encode(PREPARE, out);
    int size = out.size();
    byte[] payload = new byte[WireFormat.FRAME_LENGTH_MAX];
    ClientReply reply = new ClientReply(1, 1, Outcome.OK, payload, null);

    FrameTooLongException e =
        assertThrows(FrameTooLongException.class, () -> MessageCodec.encode(reply, out));

    assertTrue(e.length() > WireFormat.FRAME_LENGTH_MAX);
    assertEquals(size, out.size());
  }

  @Test
  void encodeRejectsUnpairedSurrogateAndLeavesWriterAsItWas() {
    WireWriter out = new WireWriter();
    MessageCodec.encode(PREPARE, out);
    int size = out.size();
    Prepare prepare = new Prepare(new Ballot(1, NodeId.of("a\uD800b")), 1);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(prepare, out));

    assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
    assertEquals(size, out.size());
  }

  @Test
  void writerGrowsFromOneByteAndClearKeepsItsStorage() {
    WireWriter out = new WireWriter(1);
    MessageCodec.encode(new CatchUpRequest(1), out);
    byte[] storage = out.array();

    out.clear();
    MessageCodec.encode(new CatchUpRequest(2), out);

    assertEquals(storage, out.array());
    assertEquals(new Decoded.Ok<Message>(new CatchUpRequest(2)), MessageCodec.decode(out.buffer()));
  }

  @Test
  void tagNamesCoverEveryMessageType() {
    for (int tag = WireFormat.TAG_PREPARE; tag <= WireFormat.TAG_STATUS_REPLY; tag++) {
      assertTrue(MessageArbitraries.MESSAGE_TYPES.contains(WireFormat.tagName(tag)), "tag " + tag);
    }
    assertEquals(List.copyOf(MessageArbitraries.MESSAGE_TYPES).size(), WireFormat.TAG_STATUS_REPLY);
  }

  static void assertError(Decoded<?> decoded, String reasonPart) {
    Decoded.Error<?> error = assertInstanceOf(Decoded.Error.class, decoded);
    assertTrue(error.reason().contains(reasonPart), "reason: " + error.reason());
  }

  private static void writeLength(byte[] frame, int length) {
    ByteBuffer.wrap(frame).putInt(0, length);
  }

  /** Heap bytes this thread allocated while running {@code action} (HotSpot's counter). */
  static long allocatedBytes(Runnable action) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    action.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }
}
