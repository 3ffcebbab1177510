package org.concoord.core.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.NodeId;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/**
 * The reason codes are a wire contract: every code survives each frame that carries one, the
 * numbers never move, and what an older or newer node sends still decodes.
 */
class RefusalTest {
  private static final NodeId NODE = new NodeId("127.0.0.1:14000");

  @Test
  void codesAreTheWireContract() {
    Map<String, Integer> pinned = new LinkedHashMap<>();
    String[] names = {
      "UNSPECIFIED",
      "SESSION_EXPIRED",
      "WRONG_PRINCIPAL",
      "OVERLOADED",
      "UNACKNOWLEDGED",
      "ACCESS_DENIED",
      "NO_OBJECT",
      "UNKNOWN_METHOD",
      "BAD_ARGUMENTS",
      "TOO_LARGE",
      "INVALID",
      "LIMIT",
      "NOT_LEADER",
      "CODE_DIFFERS",
      "TRY_ANOTHER_REPLICA",
      "NOT_READ_ONLY",
      "CANCELLED",
      "EXISTS"
    };
    for (int code = 0; code < names.length; code++) {
      pinned.put(names[code], code);
    }
    Map<String, Integer> actual = new LinkedHashMap<>();
    for (Reason reason : Reason.values()) {
      actual.put(reason.name(), reason.code);
    }
    assertEquals(pinned, actual, "a code was renumbered, renamed or removed");
  }

  @Test
  void everyCodeRoundTripsInAPayload() {
    for (Reason reason : Reason.values()) {
      Refusal refusal = new Refusal(reason, "message of " + reason);
      assertEquals(refusal, Refusal.decode(refusal.encode()));
      assertEquals(reason, Reason.ofCode(reason.code));
    }
  }

  @Test
  void everyCodeRoundTripsInARejectedReplyFrame() {
    for (Reason reason : Reason.values()) {
      ClientReply sent =
          new ClientReply(
              7, 3, Outcome.REJECTED, Refusal.encode(reason, "why " + reason.code), null);
      ClientReply got = (ClientReply) decoded(MessageCodec.encode(sent));
      assertEquals(sent, got);
      assertEquals(new Refusal(reason, "why " + reason.code), Refusal.decode(got.payload()));
    }
  }

  @Test
  void everyCodeRoundTripsInAnEndedWatchEventFrame() {
    for (Reason reason : Reason.values()) {
      WatchEvent sent =
          new WatchEvent(7, 2, 40, WatchEvent.Kind.ENDED, Refusal.encode(reason, "ended"));
      WatchEvent got = (WatchEvent) decoded(MessageCodec.encode(sent));
      assertEquals(reason, Refusal.decode(got.payload()).reason());
    }
  }

  @Test
  void everyCodeRoundTripsInARefusedJoinReplyFrame() {
    for (Reason reason : Reason.values()) {
      JoinReply sent = JoinReply.refused(reason, "no", NODE);
      JoinReply got = (JoinReply) decoded(MessageCodec.encode(sent));
      assertEquals(sent, got);
      assertEquals(reason, got.code());
    }
  }

  @Test
  void aJoinReplyWithoutACodeOrWithAnUnknownOneIsADecodingError() {
    byte[] frame = MessageCodec.encode(JoinReply.refused(Reason.UNSPECIFIED, "older", NODE));
    byte[] older = Arrays.copyOf(frame, frame.length - 1); // no code byte
    ByteBuffer.wrap(older).putInt(0, older.length - 4); // the length prefix, one byte less
    assertInstanceOf(Decoded.Error.class, MessageCodec.decode(older));
    byte[] unknown = frame.clone();
    unknown[unknown.length - 1] = (byte) 200; // a code no Reason has
    Decoded<Message> refused = MessageCodec.decode(unknown);
    assertInstanceOf(Decoded.Error.class, refused);
    assertTrue(refused.toString().contains("unknown reason code 200"), refused.toString());
  }

  @Test
  void aBareStringPayloadOfAnOlderReplicaHasNoCode() {
    Refusal old = Refusal.decode(ValueCodec.encode("client session expired; start a new session"));
    assertEquals(Reason.UNSPECIFIED, old.reason());
    assertEquals("client session expired; start a new session", old.message());
  }

  @Test
  void aCodeOfANewerNodeIsUnspecifiedAndKeepsItsMessage() {
    Refusal newer = Refusal.decode(ValueCodec.encode(List.of(999L, "something new")));
    assertEquals(new Refusal(Reason.UNSPECIFIED, "something new"), newer);
    assertEquals(Reason.UNSPECIFIED, Reason.ofCode(-1));
  }

  @Test
  void anUnreadablePayloadDecodesWithoutThrowing() {
    assertEquals(Reason.UNSPECIFIED, Refusal.decode(new byte[] {0x0a}).reason());
    assertEquals(Reason.UNSPECIFIED, Refusal.decode(new byte[0]).reason());
    assertEquals(Reason.UNSPECIFIED, Refusal.decode(ValueCodec.encode(List.of("a", 1L))).reason());
  }

  private static Message decoded(byte[] frame) {
    Decoded<Message> decoded = MessageCodec.decode(frame);
    if (decoded instanceof Decoded.Ok<Message> ok) {
      return ok.value();
    }
    throw new AssertionError("does not decode: " + decoded);
  }
}
