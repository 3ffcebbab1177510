package org.concoord.client;

/**
 * Receives an object's stream of executed write calls (issue 21; the admin role only), in slot
 * order, each once. Called on the watch connection's reader thread.
 */
@FunctionalInterface
public interface WriteListener {
  /** One executed write call. */
  void onWrite(WriteRecord record);

  /**
   * The calls after the asked slot up to {@code slot} are no longer retained by the replica: they
   * cannot be delivered; the stream continues after {@code slot}. By default, ignored.
   */
  default void onGap(long slot, String why) {}

  /** The stream ended (refused, cancelled). By default, ignored. */
  default void onEnded(String why) {}
}
