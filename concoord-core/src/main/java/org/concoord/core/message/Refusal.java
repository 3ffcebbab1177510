package org.concoord.core.message;

import java.util.List;
import java.util.Objects;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;

/**
 * A refusal as it travels in the payload of a {@code REJECTED} reply or of a watch's {@code ENDED}
 * event: a value-encoded list {@code [reason code, message]}, like an {@code EXCEPTION}'s {@code
 * [class name, message]}. The code is the contract; the message is for people.
 *
 * <p>Being the payload, it is stored with the reply wherever a reply is (the reply cache, the
 * snapshot), so a resend answered from the cache carries the same code. A payload of the older
 * layout, a bare string, decodes as {@link Reason#UNSPECIFIED} with that string as the message.
 */
public record Refusal(Reason reason, String message) {
  public Refusal {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** The payload: {@code [reason.code, message]} in the value encoding. */
  public byte[] encode() {
    return ValueCodec.encode(List.of((long) reason.code, message));
  }

  /** {@code new Refusal(reason, message).encode()}. */
  public static byte[] encode(Reason reason, String message) {
    return new Refusal(reason, message).encode();
  }

  /** The refusal in {@code payload}; never throws: an unreadable payload says so in the message. */
  public static Refusal decode(byte[] payload) {
    Object value;
    try {
      value = ValueCodec.decode(payload);
    } catch (ValueException e) {
      return new Refusal(Reason.UNSPECIFIED, "(unreadable reason: " + e.getMessage() + ")");
    }
    if (value instanceof List<?> list
        && list.size() == 2
        && list.get(0) instanceof Long code
        && list.get(1) instanceof String message) {
      return new Refusal(Reason.ofCode(code), message);
    }
    if (value instanceof String message) { // the older layout
      return new Refusal(Reason.UNSPECIFIED, message);
    }
    return new Refusal(Reason.UNSPECIFIED, value == null ? "(no reason given)" : value.toString());
  }

  @Override
  public String toString() {
    return message;
  }
}
