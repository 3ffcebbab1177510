package org.concoord.runtime;

import java.util.IdentityHashMap;
import java.util.Map;
import org.concoord.core.message.Message;

/**
 * The frames of large messages while an output queue holds them, by message identity: a message
 * sent to several peers, or sent again (the leader resends the same {@code Propose} object), is
 * encoded once and is one array in memory however many queues hold it. Only frames of at least
 * {@link ByteBudget#SHARED_BYTES_MIN} bytes are kept here (the output budget counts those once); an
 * entry goes when the budget gives its frame's last holder back, so this holds no more than the
 * output budget.
 *
 * <p>Not thread-safe: the node thread's.
 */
final class QueuedFrames {
  private final Map<Message, byte[]> byMessage = new IdentityHashMap<>();
  private final Map<byte[], Message> byFrame = new IdentityHashMap<>();

  /** The queued frame of {@code message}, or null. */
  byte[] frameOf(Message message) {
    return byMessage.get(message);
  }

  /** {@code frame} (of {@code message}) was just queued. */
  void queued(Message message, byte[] frame) {
    if (frame.length >= ByteBudget.SHARED_BYTES_MIN && !byFrame.containsKey(frame)) {
      byMessage.put(message, frame);
      byFrame.put(frame, message);
    }
  }

  /** No queue holds {@code frame} any more. */
  void released(byte[] frame) {
    Message message = byFrame.remove(frame);
    if (message != null) {
      byMessage.remove(message);
    }
  }

  int size() {
    return byMessage.size();
  }
}
