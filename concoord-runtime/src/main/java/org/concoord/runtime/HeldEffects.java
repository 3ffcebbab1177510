package org.concoord.runtime;

import java.util.ArrayDeque;
import java.util.function.BiConsumer;
import org.concoord.core.effects.Effects;

/**
 * Sends and replies held back until the writes before them are durable, in the order they were
 * emitted. Each waits for the highest write sequence number appended when it was emitted, so a
 * send never overtakes a write queued ahead of it, in its own step or an earlier one.
 *
 * <p>Not thread-safe: the node thread's.
 */
final class HeldEffects {
  /**
   * Most effects held. Past it (a disk that has stopped answering) new ones are dropped, as the
   * network may drop them: the protocol resends, and nothing leaves before its writes.
   */
  static final int HELD_MAX = 1 << 20;

  /** {@code route}: the transport's origin when the effect was emitted (answers go back on it). */
  private record Held(long writeSeq, Effects.Effect effect, Object route) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long dropped;

  /** Whether an effect emitted now, after write {@code writeSeq}, must wait. */
  boolean mustHold(long writeSeq, long syncedSeq) {
    return !held.isEmpty() || writeSeq > syncedSeq;
  }

  void hold(long writeSeq, Effects.Effect effect, Object route) {
    if (held.size() >= HELD_MAX) {
      dropped++;
      return;
    }
    held.addLast(new Held(writeSeq, effect, route));
  }

  /** Releases, in order, every held effect whose writes are durable. Returns how many. */
  int release(long syncedSeq, BiConsumer<Effects.Effect, Object> emit) {
    int released = 0;
    while (!held.isEmpty() && held.peekFirst().writeSeq() <= syncedSeq) {
      Held next = held.pollFirst();
      emit.accept(next.effect(), next.route());
      released++;
    }
    return released;
  }

  int size() {
    return held.size();
  }

  long dropped() {
    return dropped;
  }
}
