package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.command.ClientCommand;

/**
 * Client -> any replica: open, resume or cancel watch {@code command.seq()} of client {@code
 * command.clientId()} (issue 21). The command's call names the object, the read-only method and its
 * arguments ({@link Mode#VALUE}) or just the object ({@link Mode#WRITES}: its stream of executed
 * write calls, admins only). {@code fromSlot} is the last slot the client saw (0 for a new watch):
 * a value computed at or below it is never pushed again. The principal is set by the receiving node
 * as for a {@link ClientRequest}. Answered by {@link WatchEvent}s on the connection it came on, for
 * as long as that connection is open. Never decided: no slot, no fsync.
 */
public record WatchRequest(ClientCommand command, Mode mode, long fromSlot) implements Message {
  /** What the watch follows; codes are the wire encoding. */
  public enum Mode {
    /** The value of a read-only method, pushed whenever it changes. */
    VALUE(0),
    /** The object's executed write calls, one event each, in slot order (admin role). */
    WRITES(1),
    /** Ends the watch (its method and arguments are ignored). */
    CANCEL(2);

    public final int code;

    Mode(int code) {
      this.code = code;
    }

    public static Mode ofCode(int code) {
      for (Mode mode : values()) {
        if (mode.code == code) {
          return mode;
        }
      }
      throw new IllegalArgumentException("unknown watch mode " + code);
    }
  }

  public WatchRequest {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(mode, "mode");
    if (fromSlot < 0) {
      throw new IllegalArgumentException("fromSlot must be >= 0: " + fromSlot);
    }
  }

  public long clientId() {
    return command.clientId();
  }

  public long watchId() {
    return command.seq();
  }

  /** This request as sent by {@code principal}. */
  public WatchRequest withPrincipal(String principal) {
    ClientCommand stamped = command.withPrincipal(principal);
    return stamped == command ? this : new WatchRequest(stamped, mode, fromSlot);
  }
}
