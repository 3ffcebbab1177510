package org.concoord.client;

import java.util.function.LongSupplier;
import org.concoord.core.command.Call;
import org.concoord.core.session.SessionEffects;

/**
 * The exceptions a {@link Link}'s calls fail with, each message naming the call, the client (its id
 * of the moment: a new session takes a new one) and the bootstrap, and saying what may have
 * happened and what to do. Held apart so that the link's code reads as what it does.
 *
 * <p>Immutable. Does no I/O.
 */
final class CallFailures {
  private final LongSupplier clientId;
  private final String bootstrap;
  private final ClientOptions options;

  CallFailures(LongSupplier clientId, String bootstrap, ClientOptions options) {
    this.clientId = clientId;
    this.bootstrap = bootstrap;
    this.options = options;
  }

  /** No room among the outstanding calls came for {@code call} by its deadline. */
  ConcoordTimeoutException noRoom(Call call) {
    return new ConcoordTimeoutException(
        "call '"
            + call.method()
            + "' found no room among the "
            + options.outstandingMax()
            + " outstanding requests of client "
            + clientId.getAsLong()
            + " within "
            + options.callTimeout().toMillis()
            + " ms (bootstrap "
            + bootstrap
            + "); raise ClientOptions.outstandingMax or wait for replies");
  }

  ConcoordException interruptedWaitingForRoom(Call call, InterruptedException e) {
    return new ConcoordException(
        "interrupted while waiting for room for '"
            + call.method()
            + "' among the outstanding requests",
        e);
  }

  /** What the session's failure of {@code pending} is to its caller. */
  RuntimeException failed(PendingCall pending, SessionEffects.Fail failed) {
    return failed.failure() == SessionEffects.Failure.SESSION_EXPIRED
        ? new ConcoordSessionExpiredException(failed.why())
        : new ConcoordUnavailableException(
            "call " + pending + ": " + failed.why() + "; it may or may not have executed");
  }

  /** {@code pending}'s request could not be encoded (over the frame bound, or not UTF-8). */
  ConcoordRejectedException cannotBeSent(PendingCall pending, IllegalArgumentException e) {
    return new ConcoordRejectedException(
        "call '"
            + pending.call.method()
            + "' cannot be sent: "
            + e.getMessage()
            + " (nothing was sent)",
        e);
  }

  /**
   * The timeout of {@code pending}, naming the bootstrap, the wait and its {@code attempts} (null
   * if it was answered meanwhile).
   */
  ConcoordTimeoutException timeout(PendingCall pending, String attempts) {
    return new ConcoordTimeoutException(
        "call "
            + pending
            + " of client "
            + clientId.getAsLong()
            + " got no final reply within "
            + options.callTimeout().toMillis()
            + " ms from bootstrap "
            + bootstrap
            + " ("
            + (attempts == null ? "answered meanwhile" : attempts)
            + "); it may or may not have executed");
  }

  ConcoordException closed() {
    return new ConcoordException(
        "client " + clientId.getAsLong() + " (bootstrap " + bootstrap + ") is closed");
  }
}
