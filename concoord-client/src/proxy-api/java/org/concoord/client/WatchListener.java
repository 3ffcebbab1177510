package org.concoord.client;

/**
 * Receives the values of a watch (issue 21), in slot order, each once, never one older than one
 * already received. Called on the watch connection's reader thread, one call at a time: a slow
 * listener slows only its connection, and the replica then coalesces the values it has not sent
 * (the latest is always delivered). Must not block for long, nor call {@link Watch#cancel} of
 * another client from here.
 *
 * @param <T> the watched method's result type
 */
@FunctionalInterface
public interface WatchListener<T> {
  /** The watched method's result as of {@code slot}; it differs from the previous one. */
  void onValue(T value, long slot);

  /**
   * The current value after a resume from a slot the replica no longer retains: values between
   * the last one received and this one may have been missed. By default, {@link #onValue}.
   */
  default void onCurrent(T value, long slot) {
    onValue(value, slot);
  }

  /** The watched method threw as of {@code slot} (the watch goes on). By default, ignored. */
  default void onException(RuntimeException error, long slot) {}

  /**
   * The watch ended and receives nothing more: refused (not read-only, access denied, bounds),
   * cancelled, or its object deleted. By default, ignored.
   */
  default void onEnded(String why) {}
}
