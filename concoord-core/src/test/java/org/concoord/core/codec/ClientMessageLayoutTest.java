package org.concoord.core.codec;

import static org.concoord.core.codec.MessageCodecLayoutTest.assertLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.concoord.core.NodeId;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The client's records, a test each as in {@link MessageCodecLayoutTest}: the exact bytes of {@code
 * docs/protocol.md} for a request (plain, relayed with its principal, named) and a reply (with and
 * without a leader hint), built independently by {@link ExpectedFrame}, must equal the encoder's
 * output and decode back to the record.
 */
class ClientMessageLayoutTest {
  private static final NodeId B = NodeId.of("b:2");
  private static final Call INC = new Call("inc", new byte[] {9, 8});
  private static final ClientCommand COMMAND = new ClientCommand(5, 3, 2, INC);

  @Test
  void aRelayedClientRequestCarriesItsPrincipalLast() {
    ClientRequest relayed = new ClientRequest(new ClientCommand(5, 3, 2, INC, "al"));
    assertLayout(
        relayed,
        ExpectedFrame.tag(0x0A)
            .i64(5)
            .i64(3)
            .i64(2)
            .text("inc")
            .bytes(new byte[] {9, 8})
            .text("al")
            .frame());
  }

  @Test
  void clientRequestMatchesTheHexExampleInProtocolDoc() {
    byte[] frame = MessageCodec.encode(new ClientRequest(COMMAND));

    assertEquals(
        "00000025"
            + "01"
            + "0a"
            + "0000000000000005"
            + "0000000000000003"
            + "0000000000000002"
            + "0003"
            + "696e63"
            + "00000002"
            + "0908",
        HexFormat.of().formatHex(frame));
  }

  @Test
  void clientReplyMatchesTheHexExampleInProtocolDoc() {
    byte[] frame = MessageCodec.encode(new ClientReply(5, 3, Outcome.NOT_LEADER, new byte[0], B));

    assertEquals(
        "0000001d"
            + "01"
            + "0b"
            + "0000000000000005"
            + "0000000000000003"
            + "04"
            + "00000000"
            + "01"
            + "0003"
            + "623a32",
        HexFormat.of().formatHex(frame));
  }

  @Test
  void clientRequestIsClientCommandWithoutKindByte() {
    assertLayout(
        new ClientRequest(COMMAND),
        ExpectedFrame.tag(0x0A).i64(5).i64(3).i64(2).text("inc").bytes(new byte[] {9, 8}).frame());
  }

  @Test
  void aNamedClientRequestTakesItsOwnTagWithObjectAndClassBeforeTheMethod() {
    ClientCommand named =
        new ClientCommand(
            5, 3, 2, org.concoord.core.command.Call.on("l/a", "L", "inc", new byte[] {9, 8}));
    assertLayout(
        new ClientRequest(named),
        ExpectedFrame.tag(0x30)
            .i64(5)
            .i64(3)
            .i64(2)
            .text("l/a")
            .text("L")
            .text("inc")
            .bytes(new byte[] {9, 8})
            .frame());
    assertEquals(
        "0000002d"
            + "01"
            + "30"
            + "0000000000000005"
            + "0000000000000003"
            + "0000000000000002"
            + "0003"
            + "6c2f61"
            + "0001"
            + "4c"
            + "0003"
            + "696e63"
            + "00000002"
            + "0908",
        HexFormat.of().formatHex(MessageCodec.encode(new ClientRequest(named))));
  }

  @Test
  void aNamedClientCommandInABatchIsKindThree() {
    ClientCommand named =
        new ClientCommand(
            5, 3, 2, org.concoord.core.command.Call.on("l/a", "", "inc", new byte[] {9}));
    assertLayout(
        new Decision(1, new org.concoord.core.command.Batch(0, java.util.List.of(named))),
        ExpectedFrame.tag(0x06)
            .i64(1)
            .i64(0)
            .u32(1)
            .u8(3)
            .i64(5)
            .i64(3)
            .i64(2)
            .text("l/a")
            .text("")
            .text("inc")
            .bytes(new byte[] {9})
            .text("")
            .frame());
  }

  @Test
  void aNamedClientRequestWithAnEmptyNameIsRefusedSoEveryCallHasOneEncoding() {
    byte[] frame =
        ExpectedFrame.tag(0x30)
            .i64(5)
            .i64(3)
            .i64(2)
            .text("")
            .text("")
            .text("inc")
            .bytes(new byte[0])
            .frame();
    org.concoord.core.codec.Decoded<?> decoded = MessageCodec.decode(frame);
    org.junit.jupiter.api.Assertions.assertTrue(
        decoded instanceof Decoded.Error<?> error && error.reason().contains("empty object name"),
        decoded::toString);
  }

  @Test
  void clientReplyWithLeaderHintHasPresenceOneThenAddress() {
    assertLayout(
        new ClientReply(5, 3, Outcome.NOT_LEADER, new byte[0], B),
        ExpectedFrame.tag(0x0B).i64(5).i64(3).u8(4).bytes(new byte[0]).u8(1).text("b:2").frame());
  }

  @Test
  void clientReplyWithoutLeaderHintEndsWithPresenceZero() {
    assertLayout(
        new ClientReply(5, 3, Outcome.OK, new byte[] {1, 2, 3}, null),
        ExpectedFrame.tag(0x0B).i64(5).i64(3).u8(0).bytes(new byte[] {1, 2, 3}).u8(0).frame());
  }
}
