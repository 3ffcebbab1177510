package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.message.Message;
import org.concoord.core.message.Prepare;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameReader}: cutting frames off a stream that arrives in pieces, as a TCP reader sees it.
 */
class MessageCodecStreamTest {
  private static final Message PREPARE = new Prepare(new Ballot(7, NodeId.of("a:1")), 42);

  @Test
  void nextNeedsMoreUntilTheLengthPrefixIsComplete() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 0, 0});

    FrameReader.Result<Message> result = FrameReader.next(buffer);

    assertEquals(new FrameReader.Result.NeedMore<Message>(4), result);
    assertEquals(0, buffer.position());
  }

  @Test
  void nextNeedsMoreWithTheWholeFrameSizeWhileTheBodyIsPartial() {
    byte[] frame = MessageCodec.encode(PREPARE);
    ByteBuffer buffer = ByteBuffer.wrap(frame, 0, frame.length - 1);

    assertEquals(new FrameReader.Result.NeedMore<Message>(frame.length), FrameReader.next(buffer));
    assertEquals(0, buffer.position());
  }

  @Test
  void nextReportsFrameLongerThanMaxWithoutConsumingOrAllocating() {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    buffer.putInt(WireFormat.FRAME_LENGTH_MAX + 1).put((byte) 1).put((byte) 1).flip();
    FrameReader.next(buffer.duplicate());

    long allocated =
        MessageCodecTest.allocatedBytes(
            () ->
                assertEquals(
                    new FrameReader.Result.TooLong<Message>(WireFormat.FRAME_LENGTH_MAX + 1L),
                    FrameReader.next(buffer)));

    assertEquals(0, buffer.position());
    assertTrue(allocated < 64 * 1024, "allocated " + allocated);
  }

  @Test
  void nextReadsTheLengthAsUnsigned() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {(byte) 0x80, 0, 0, 0, 1, 1});

    assertEquals(new FrameReader.Result.TooLong<Message>(0x8000_0000L), FrameReader.next(buffer));
  }

  @Test
  void nextConsumesAMalformedFrameAndStaysInStep() {
    byte[] bad = ExpectedFrame.tag(0x2A).i64(1).frame();
    byte[] good = MessageCodec.encode(PREPARE);
    ByteBuffer buffer = ByteBuffer.allocate(bad.length + good.length).put(bad).put(good).flip();

    FrameReader.Result<Message> first = FrameReader.next(buffer);
    FrameReader.Result<Message> second = FrameReader.next(buffer);

    assertInstanceOf(FrameReader.Result.Ready.class, first);
    MessageCodecTest.assertError(
        ((FrameReader.Result.Ready<Message>) first).decoded(), "unknown message tag 0x2a");
    assertEquals(new FrameReader.Result.Ready<>(new Decoded.Ok<>(PREPARE)), second);
    assertEquals(new FrameReader.Result.NeedMore<Message>(4), FrameReader.next(buffer));
  }

  @Test
  void nextDurableWriteReadsLogRecordsAndSeesATornTailAsNeedMore() {
    DurableWrite write = new DurableWrite.PromiseWrite(new Ballot(3, NodeId.of("a:1")));
    byte[] record = MessageCodec.encode(write);
    ByteBuffer log =
        ByteBuffer.allocate(2 * record.length - 1)
            .put(record)
            .put(record, 0, record.length - 1)
            .flip();

    assertEquals(
        new FrameReader.Result.Ready<>(new Decoded.Ok<>(write)), FrameReader.nextDurableWrite(log));
    assertEquals(
        new FrameReader.Result.NeedMore<DurableWrite>(record.length),
        FrameReader.nextDurableWrite(log));
  }

  @Property(tries = 300)
  void framesCutAtAnyPointsReadBackInOrder(
      @ForAll("messageLists") List<Message> messages, @ForAll("chunkSizes") List<Integer> chunks) {
    WireWriter out = new WireWriter();
    for (Message message : messages) {
      MessageCodec.encode(message, out);
    }
    byte[] stream = out.toByteArray();

    assertEquals(messages, readInChunks(stream, chunks));
  }

  /**
   * What a connection reader does: append what arrived, take every whole frame, compact, and grow
   * the buffer when the next frame is larger than it.
   */
  private static List<Message> readInChunks(byte[] stream, List<Integer> chunks) {
    List<Message> read = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(8);
    int offset = 0;
    int chunk = 0;
    while (offset < stream.length) {
      int size = Math.min(chunks.get(chunk++ % chunks.size()), stream.length - offset);
      size = Math.min(size, buffer.remaining());
      buffer.put(stream, offset, size);
      offset += size;
      buffer.flip();
      FrameReader.Result<Message> result;
      while ((result = FrameReader.next(buffer)) instanceof FrameReader.Result.Ready<Message> r) {
        read.add(((Decoded.Ok<Message>) r.decoded()).value());
      }
      buffer.compact();
      int needed = ((FrameReader.Result.NeedMore<Message>) result).frameBytes();
      if (needed > buffer.capacity()) {
        buffer = ByteBuffer.allocate(needed).put(buffer.flip());
      }
    }
    return read;
  }

  @Provide
  Arbitrary<List<Message>> messageLists() {
    return MessageArbitraries.messages().list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Integer>> chunkSizes() {
    return Arbitraries.integers().between(1, 100).list().ofMinSize(1).ofMaxSize(10);
  }
}
