package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.message.Propose;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * A frame costs the memory of the frame alone: encoded once into an array of exactly its size
 * (issue 13: a 15 MiB Propose in a doubling buffer plus its trimmed copy was three times that, on
 * every replica at once), and a value over its bound is refused as soon as it passes it.
 */
class ExactEncodingTest {
  static Propose propose(int argsBytes, int commands) {
    List<Command> batch = new ArrayList<>();
    for (int i = 0; i < commands; i++) {
      batch.add(new ClientCommand(7, i + 1, 0, new Call("add", new byte[argsBytes])));
    }
    return new Propose(
        new PValue(new Ballot(3, NodeId.of("127.0.0.1:7000")), 12, new Batch(5, batch)));
  }

  @Test
  void aLargeProposeIsEncodedIntoAnArrayOfExactlyItsFrameAndDecodesBack() {
    Propose large = propose(15 << 20, 1);
    byte[] frame = MessageCodec.encode(large);
    assertEquals(MessageCodec.encodedSize(large), frame.length);
    int length = java.nio.ByteBuffer.wrap(frame).getInt();
    assertEquals(WireFormat.LENGTH_PREFIX_BYTES + length, frame.length);
    Propose back = (Propose) ((Decoded.Ok<?>) MessageCodec.decode(frame)).value();
    assertEquals(12, back.pvalue().slot());
  }

  @Test
  void theCountingPassGivesTheSizeOfEveryFrameExactly() {
    for (int[] shape : new int[][] {{0, 1}, {1, 1}, {300, 3}, {70_000, 2}, {1 << 20, 4}}) {
      Propose propose = propose(shape[0], shape[1]);
      WireWriter grown = new WireWriter();
      MessageCodec.encode(propose, grown);
      byte[] exact = MessageCodec.encode(propose);
      assertArrayEquals(grown.toByteArray(), exact);
      assertEquals(exact.length, MessageCodec.encodedSize(propose));
    }
  }

  @Test
  void aFrameOverTheBoundIsRefusedByTheCountingPassBeforeAnyArrayIsMade() {
    Propose tooLarge = propose(WireFormat.FRAME_LENGTH_MAX, 1);
    assertThrows(IllegalArgumentException.class, () -> MessageCodec.encodedSize(tooLarge));
    assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(tooLarge));
  }

  @Test
  void aCountingWriterKeepsNoBytes() {
    WireWriter counting = WireWriter.counting();
    counting.writeBytes(new byte[1000], 2000, "x");
    counting.writeUtf8("héllo", 100, "y");
    counting.writeI64(1);
    assertEquals(4 + 1000 + 2 + 6 + 8, counting.size());
    assertThrows(IllegalStateException.class, counting::toByteArray);
  }

  @Test
  void aValueOverItsBoundStopsEncodingAtTheBound() {
    List<String> eighteenMebibytes = Collections.nCopies(18, "x".repeat((1 << 20) - 64));
    ValueTooLargeException refused =
        assertThrows(
            ValueTooLargeException.class,
            () -> ValueCodec.encode(eighteenMebibytes, WireSizes.REPLY_PAYLOAD_BYTES_MAX));
    assertTrue(refused.bytesAtLeast() > WireSizes.REPLY_PAYLOAD_BYTES_MAX);
    assertTrue(
        refused.bytesAtLeast() < WireSizes.REPLY_PAYLOAD_BYTES_MAX + (2 << 20),
        "stopped near the bound, not after encoding the whole value: " + refused.bytesAtLeast());
    assertArrayEquals(
        ValueCodec.encode(List.of("a", "b")),
        ValueCodec.encode(List.of("a", "b"), WireSizes.REPLY_PAYLOAD_BYTES_MAX));
  }
}
