package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.PValue;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.message.Accepted;
import org.concoord.core.message.CatchUpReply;
import org.concoord.core.message.CatchUpRequest;
import org.concoord.core.message.Decision;
import org.concoord.core.message.Heartbeat;
import org.concoord.core.message.Message;
import org.concoord.core.message.Preempted;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.message.Propose;
import org.concoord.core.message.ReadCheck;
import org.concoord.core.message.ReadConfirm;
import org.concoord.core.message.SnapshotChunk;
import org.concoord.core.message.SnapshotFetch;
import org.concoord.core.message.SnapshotSaved;
import org.concoord.core.message.StateDigest;
import org.concoord.core.view.Role;
import org.junit.jupiter.api.Test;

/**
 * One test per record: the exact bytes of {@code docs/protocol.md}, built independently by {@link
 * ExpectedFrame}, must equal the encoder's output and decode back to the record. The client's
 * records are {@link ClientMessageLayoutTest}'s.
 */
class MessageCodecLayoutTest {
  private static final NodeId A = NodeId.of("a:1");
  private static final NodeId B = NodeId.of("b:2");
  private static final Ballot BALLOT_7A = new Ballot(7, A);
  private static final Call INC = new Call("inc", new byte[] {9, 8});
  private static final ClientCommand COMMAND = new ClientCommand(5, 3, 2, INC);
  private static final Batch BATCH =
      new Batch(1000, List.of(COMMAND, Reconfigure.add(Role.ACCEPTOR, B)));

  /** The expected fields of {@link #BATCH}. */
  private static ExpectedFrame batch(ExpectedFrame frame) {
    return frame
        .i64(1000) // stampTicks
        .u32(2) // command count
        .u8(0x01) // kind: client command
        .i64(5) // clientId
        .i64(3) // seq
        .i64(2) // ackedBelow
        .text("inc")
        .bytes(new byte[] {9, 8})
        .text("") // principal: none yet (the receiving node sets it)
        .u8(0x02) // kind: reconfigure
        .u8(1) // add
        .u8(2) // role: acceptor
        .text("b:2");
  }

  @Test
  void prepareMatchesTheHexExampleInProtocolDoc() {
    byte[] frame = MessageCodec.encode(new Prepare(BALLOT_7A, 42));

    assertEquals(
        "00000017" + "01" + "01" + "0000000000000007" + "0003" + "613a31" + "000000000000002a",
        HexFormat.of().formatHex(frame));
  }

  @Test
  void prepareIsBallotThenFromSlot() {
    assertLayout(
        new Prepare(BALLOT_7A, 42), ExpectedFrame.tag(0x01).ballot(7, "a:1").i64(42).frame());
  }

  @Test
  void promiseIsBallotFromSlotThenCountedPValuesThenMore() {
    PValue pvalue = new PValue(new Ballot(6, B), 11, Batch.NOOP);
    assertLayout(
        new Promise(BALLOT_7A, 10, List.of(pvalue)),
        ExpectedFrame.tag(0x02)
            .ballot(7, "a:1")
            .i64(10)
            .u32(1)
            .ballot(6, "b:2")
            .i64(11)
            .i64(0)
            .u32(0)
            .u8(0)
            .frame());
  }

  @Test
  void promiseWithNothingAcceptedHasCountZero() {
    assertLayout(
        new Promise(BALLOT_7A, 1, List.of()),
        ExpectedFrame.tag(0x02).ballot(7, "a:1").i64(1).u32(0).u8(0).frame());
  }

  @Test
  void aPromisePartThatIsNotTheLastHasMoreSet() {
    assertLayout(
        new Promise(BALLOT_7A, 1, List.of(), true),
        ExpectedFrame.tag(0x02).ballot(7, "a:1").i64(1).u32(0).u8(1).frame());
  }

  @Test
  void proposeIsOnePValueWithItsBatch() {
    assertLayout(
        new Propose(new PValue(BALLOT_7A, 12, BATCH)),
        batch(ExpectedFrame.tag(0x03).ballot(7, "a:1").i64(12)).frame());
  }

  @Test
  void acceptedIsBallotThenSlot() {
    assertLayout(
        new Accepted(BALLOT_7A, 12), ExpectedFrame.tag(0x04).ballot(7, "a:1").i64(12).frame());
  }

  @Test
  void preemptedIsRejectedBallotThenPromisedBallot() {
    assertLayout(
        new Preempted(BALLOT_7A, new Ballot(8, B)),
        ExpectedFrame.tag(0x05).ballot(7, "a:1").ballot(8, "b:2").frame());
  }

  @Test
  void decisionIsSlotThenBatch() {
    assertLayout(new Decision(12, BATCH), batch(ExpectedFrame.tag(0x06).i64(12)).frame());
  }

  @Test
  void heartbeatIsBallotThenSlotDecidedMax() {
    assertLayout(
        new Heartbeat(BALLOT_7A, 99), ExpectedFrame.tag(0x07).ballot(7, "a:1").i64(99).frame());
  }

  @Test
  void catchUpRequestIsFromSlot() {
    assertLayout(new CatchUpRequest(13), ExpectedFrame.tag(0x08).i64(13).frame());
  }

  @Test
  void catchUpReplyIsFromSlotThenCountedBatches() {
    assertLayout(
        new CatchUpReply(13, List.of(BATCH, Batch.NOOP)),
        batch(ExpectedFrame.tag(0x09).i64(13).u32(2)).i64(0).u32(0).frame());
  }

  @Test
  void snapshotChunkIsSlotMetaTotalOffsetThenData() {
    assertLayout(
        new SnapshotChunk(40, 3, 10, 8, new byte[] {1, 2}),
        ExpectedFrame.tag(0x20).i64(40).i64(3).i64(10).i64(8).bytes(new byte[] {1, 2}).frame());
  }

  @Test
  void snapshotFetchIsSlotThenOffset() {
    assertLayout(new SnapshotFetch(40, 8), ExpectedFrame.tag(0x21).i64(40).i64(8).frame());
  }

  @Test
  void stateDigestIsSlotThenThirtyTwoBytes() {
    byte[] digest = new byte[32];
    digest[0] = 7;
    assertLayout(
        new StateDigest(1000, digest), ExpectedFrame.tag(0x22).i64(1000).bytes(digest).frame());
  }

  @Test
  void snapshotSavedIsSlot() {
    assertLayout(new SnapshotSaved(1234), ExpectedFrame.tag(0x23).i64(1234).frame());
  }

  @Test
  void readCheckAndReadConfirmAreBallotThenRound() {
    assertLayout(
        new ReadCheck(BALLOT_7A, 5), ExpectedFrame.tag(0x14).ballot(7, "a:1").i64(5).frame());
    assertLayout(
        new ReadConfirm(BALLOT_7A, 5), ExpectedFrame.tag(0x15).ballot(7, "a:1").i64(5).frame());
  }

  @Test
  void readCheckOfRoundZeroIsMalformed() {
    byte[] frame = ExpectedFrame.tag(0x14).ballot(7, "a:1").i64(0).frame();
    org.junit.jupiter.api.Assertions.assertTrue(
        MessageCodec.decode(frame) instanceof Decoded.Error<?>);
  }

  @Test
  void promiseWriteIsBallot() {
    DurableWrite write = new DurableWrite.PromiseWrite(BALLOT_7A);
    byte[] expected = ExpectedFrame.tag(0x40).ballot(7, "a:1").frame();

    assertArrayEquals(expected, MessageCodec.encode(write));
    assertEquals(new Decoded.Ok<>(write), MessageCodec.decodeDurableWrite(expected));
  }

  @Test
  void acceptWriteIsPValue() {
    DurableWrite write = new DurableWrite.AcceptWrite(new PValue(BALLOT_7A, 12, BATCH));
    byte[] expected = batch(ExpectedFrame.tag(0x41).ballot(7, "a:1").i64(12)).frame();

    assertArrayEquals(expected, MessageCodec.encode(write));
    assertEquals(new Decoded.Ok<>(write), MessageCodec.decodeDurableWrite(expected));
  }

  @Test
  void truncateWriteIsSlotBelow() {
    DurableWrite write = new DurableWrite.TruncateWrite(4321);
    byte[] expected = ExpectedFrame.tag(0x42).i64(4321).frame();

    assertArrayEquals(expected, MessageCodec.encode(write));
    assertEquals(new Decoded.Ok<>(write), MessageCodec.decodeDurableWrite(expected));
  }

  @Test
  void batchFrameIsTagFiftyThenBatch() {
    byte[] expected = batch(ExpectedFrame.tag(0x50)).frame();

    assertArrayEquals(expected, MessageCodec.encodeBatch(BATCH));
    assertEquals(new Decoded.Ok<>(BATCH), MessageCodec.decodeBatch(expected));
  }

  @Test
  void reconfigureRemoveHasAddZeroAndRoleCode() {
    Batch batch = new Batch(-1, List.of(Reconfigure.remove(Role.NAMESERVER, A)));
    byte[] expected =
        ExpectedFrame.tag(0x50).i64(-1).u32(1).u8(0x02).u8(0).u8(3).text("a:1").frame();

    assertArrayEquals(expected, MessageCodec.encodeBatch(batch));
    assertEquals(new Decoded.Ok<>(batch), MessageCodec.decodeBatch(expected));
  }

  @Test
  void longsAreBigEndianTwosComplementAtTheirExtremes() {
    assertLayout(
        new Heartbeat(new Ballot(Long.MAX_VALUE, A), Long.MIN_VALUE),
        ExpectedFrame.tag(0x07)
            .raw(0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
            .text("a:1")
            .raw(0x80, 0, 0, 0, 0, 0, 0, 0)
            .frame());
  }

  @Test
  void addressesAreUtf8WithByteCountNotCharCount() {
    // "é" is 2 bytes, "中" 3, "😀" 4 (a surrogate pair: 2 chars): 10 bytes in 5 chars.
    NodeId node = NodeId.of("é中😀:");
    assertLayout(
        new Accepted(new Ballot(1, node), 1),
        ExpectedFrame.tag(0x04)
            .i64(1)
            .raw(0x00, 0x0A, 0xC3, 0xA9, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x98, 0x80, 0x3A)
            .i64(1)
            .frame());
  }

  @Test
  void longestAddressOfThreeByteCharsFitsItsBound() {
    NodeId node = NodeId.of("中".repeat(NodeId.ADDRESS_LENGTH_MAX));
    Message message = new Prepare(new Ballot(1, node), 1);

    assertEquals(new Decoded.Ok<>(message), MessageCodec.decode(MessageCodec.encode(message)));
  }

  static void assertLayout(Message message, byte[] expected) {
    assertArrayEquals(expected, MessageCodec.encode(message), "encoding of " + message);
    assertEquals(new Decoded.Ok<>(message), MessageCodec.decode(expected), "decoding");
  }
}
