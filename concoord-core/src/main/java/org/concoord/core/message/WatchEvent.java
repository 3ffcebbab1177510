package org.concoord.core.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * Replica -> client: what watch {@code watchId} of client {@code clientId} saw at {@code slot}
 * (issue 21). Sent only on the connection the {@link WatchRequest} came on. No fsync: everything it
 * reports was decided and executed.
 */
public record WatchEvent(long clientId, long watchId, long slot, Kind kind, byte[] payload)
    implements Message {
  /** What the payload is; codes are the wire encoding. */
  public enum Kind {
    /** The method's result (value encoding) as of {@code slot}; it differs from the last one. */
    VALUE(0),
    /**
     * The method's result as of {@code slot}, sent on a resume from a slot this replica no longer
     * retains: changes between the client's slot and this one are not known.
     */
    CURRENT(1),
    /** One executed write call: {@code [method, args bytes, outcome code, result bytes]}. */
    WRITE(2),
    /** The method threw as of {@code slot}; the payload is the exception (type, message). */
    EXCEPTION(3),
    /**
     * Calls between the client's slot and this one are no longer retained (write stream); the
     * payload says so; the next events follow on from {@code slot}.
     */
    GAP(4),
    /** The watch ended (refused, cancelled, its object deleted); the payload says why. Final. */
    ENDED(5);

    public final int code;

    Kind(int code) {
      this.code = code;
    }

    public static Kind ofCode(int code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown watch event kind " + code);
    }
  }

  /** The watch ended at once, refused for {@code reason} ({@code message} is for people). */
  public static WatchEvent refused(WatchRequest request, Reason reason, String message) {
    return new WatchEvent(
        request.clientId(), request.watchId(), 0, Kind.ENDED, Refusal.encode(reason, message));
  }

  public WatchEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0: " + slot);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WatchEvent e
        && clientId == e.clientId
        && watchId == e.watchId
        && slot == e.slot
        && kind == e.kind
        && Arrays.equals(payload, e.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientId, watchId, slot, kind, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "WatchEvent["
        + clientId
        + "#"
        + watchId
        + " @"
        + slot
        + " "
        + kind
        + " "
        + payload.length
        + "B]";
  }
}
