package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.junit.jupiter.api.Test;

/** Issue 20's read options and reply slot on the wire: old frames stay as they were. */
class ReadOptionsCodecTest {
  private static final ClientCommand COMMAND =
      new ClientCommand(5, 3, 2, new Call("inc", new byte[] {9, 8}));

  private static Object decoded(byte[] frame) {
    Decoded<?> decoded = MessageCodec.decode(frame);
    return assertInstanceOf(Decoded.Ok.class, decoded, decoded.toString()).value();
  }

  @Test
  void aRequestWithoutReadOptionsIsTheOlderFrameByteForByte() {
    byte[] old = MessageCodec.encode(new ClientRequest(COMMAND));
    assertEquals(0x25 + 4, old.length, "docs/protocol.md's example: 41 bytes");
    assertEquals(new ClientRequest(COMMAND), decoded(old));
    ClientRequest explicit = new ClientRequest(COMMAND, ReadMode.LINEARIZABLE, 0);
    assertEquals(41 + 19, MessageCodec.encode(explicit).length, "a new client's: options");
    assertEquals(explicit, decoded(MessageCodec.encode(explicit)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ClientRequest(COMMAND, ReadMode.LEASE, -1),
        "a mode needs the options");
  }

  @Test
  void readOptionsFollowAnAlwaysWrittenPrincipal() {
    ClientRequest request = new ClientRequest(COMMAND, ReadMode.bounded(500), 17);
    byte[] frame = MessageCodec.encode(request);
    assertEquals(41 + 2 + 1 + 8 + 8, frame.length, "empty principal, mode, bound, slot seen");
    assertEquals(request, decoded(frame));
    ClientRequest sequential = new ClientRequest(COMMAND, ReadMode.SEQUENTIAL, 0);
    assertEquals(sequential, decoded(MessageCodec.encode(sequential)));
  }

  @Test
  void badReadOptionsAreMalformed() {
    byte[] frame = MessageCodec.encode(new ClientRequest(COMMAND, ReadMode.LEASE, 0));
    byte[] unknownMode = frame.clone();
    unknownMode[frame.length - 17] = 9;
    byte[] boundOnLease = frame.clone();
    boundOnLease[frame.length - 9] = 1;
    byte[] negativeSlot = frame.clone();
    for (int i = frame.length - 8; i < frame.length; i++) {
      negativeSlot[i] = (byte) 0xff; // -1: "no options" is said by leaving them out
    }
    // The options cut off, the empty principal before them kept: the request without options
    // has one encoding, with no principal at all (a fuzzer's find, 2026-12-07).
    byte[] emptyPrincipalLast = Arrays.copyOf(frame, frame.length - 17);
    int length = emptyPrincipalLast.length - 4;
    emptyPrincipalLast[2] = (byte) (length >>> 8);
    emptyPrincipalLast[3] = (byte) length;
    for (byte[] bad : new byte[][] {unknownMode, boundOnLease, negativeSlot, emptyPrincipalLast}) {
      assertInstanceOf(Decoded.Error.class, MessageCodec.decode(bad), Arrays.toString(bad));
    }
  }

  @Test
  void aReplySlotIsWrittenOnlyWhenThere() {
    ClientReply plain = new ClientReply(5, 3, Outcome.NOT_LEADER, new byte[0], NodeId.of("b:2"));
    byte[] old = MessageCodec.encode(plain);
    assertEquals(33, old.length, "docs/protocol.md's example");
    assertEquals(plain, decoded(old));
    ClientReply at = plain.atSlot(42);
    byte[] frame = MessageCodec.encode(at);
    assertEquals(33 + 8, frame.length);
    assertEquals(at, decoded(frame));
    assertEquals(42, ((ClientReply) decoded(frame)).slot());
  }

  @Test
  void readModesParseAsTheCommandLineWritesThem() {
    assertEquals(ReadMode.LINEARIZABLE, ReadMode.parse("linearizable"));
    assertEquals(ReadMode.LEASE, ReadMode.parse("LEASE"));
    assertEquals(ReadMode.SEQUENTIAL, ReadMode.parse("sequential"));
    assertEquals(ReadMode.bounded(500), ReadMode.parse("bounded:500ms"));
    assertEquals(ReadMode.bounded(500), ReadMode.parse("bounded:500"));
    assertEquals(ReadMode.bounded(2000), ReadMode.parse("bounded:2s"));
    assertEquals(ReadMode.bounded(2000), ReadMode.parse(ReadMode.bounded(2000).toString()));
    assertThrows(IllegalArgumentException.class, () -> ReadMode.parse("bounded:0"));
    assertThrows(IllegalArgumentException.class, () -> ReadMode.parse("bounded:soon"));
    assertThrows(IllegalArgumentException.class, () -> ReadMode.parse("stale"));
  }
}
