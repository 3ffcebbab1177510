package org.concoord.core.session;

import java.util.LinkedHashMap;
import java.util.Map;
import org.concoord.core.NodeId;

/**
 * Where a {@link ClientSession}'s sequential and bounded reads go (issue 20; docs/protocol.md,
 * "Read modes"): any replica may answer them, so they take turns, round robin, among the replica
 * the session is on and the others its driver holds a connection to (the "sides"). Writes,
 * linearizable and lease reads stay on the session's replica.
 *
 * <p>A side that left an attempt unanswered for the request timeout rests for the backoff's most. A
 * side that refused a read (NOT_LEADER: it has not executed the slot the client saw, the client's
 * session is not fresh in its state, it knows its state too stale for the bound, it is no member,
 * or the method writes or parks, which only the replicas know) sends that read to the session's
 * replica, and that method stays there for a while: the backoff's least, doubled with each refusal
 * in a row, at most 64 times that; an answer from a side ends the row. So a writing method called
 * in a spread mode costs a refused attempt now and then, not at every call.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class ReadSpread {
  /** Methods whose refusals are remembered, the least recently used forgotten first. */
  static final int METHODS_MAX = 256;

  private static final class Refused {
    int inARow;
    long untilTicks;
  }

  private final SessionConfig config;

  /** The sides, each with the tick it rests until, in the order their connections opened. */
  private final Map<NodeId, Long> sides = new LinkedHashMap<>();

  private final Map<String, Refused> refusedMethods =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Refused> eldest) {
          return size() > METHODS_MAX;
        }
      };
  private long turn;

  ReadSpread(SessionConfig config) {
    this.config = config;
  }

  /** The driver holds a connection to {@code side}. */
  void add(NodeId side) {
    sides.putIfAbsent(side, 0L);
  }

  /** The driver lost its connection to {@code side}; false if it was no side. */
  boolean remove(NodeId side) {
    return sides.remove(side) != null;
  }

  /**
   * The side the next read of {@code method} goes to, or null for the session's replica {@code
   * main}: each replica not resting takes its turn, {@code main} among them.
   */
  NodeId pick(NodeId main, String method, long nowTicks) {
    Refused refused = refusedMethods.get(method);
    if (refused != null && nowTicks < refused.untilTicks) {
      return null;
    }
    int ready = 0;
    for (Map.Entry<NodeId, Long> side : sides.entrySet()) {
      if (isReady(side, main, nowTicks)) {
        ready++;
      }
    }
    long pick = Math.floorMod(turn++, ready + 1L);
    if (pick == 0) {
      return null;
    }
    for (Map.Entry<NodeId, Long> side : sides.entrySet()) {
      if (isReady(side, main, nowTicks) && --pick == 0) {
        return side.getKey();
      }
    }
    return null; // not reached: pick is at most ready
  }

  private static boolean isReady(Map.Entry<NodeId, Long> side, NodeId main, long nowTicks) {
    return nowTicks >= side.getValue() && !side.getKey().equals(main);
  }

  /** {@code side} refused a read of {@code method}: the method stays on the session's replica. */
  void refused(String method, long nowTicks) {
    Refused refused = refusedMethods.computeIfAbsent(method, m -> new Refused());
    refused.untilTicks = nowTicks + (config.backoffMinTicks() << Math.min(refused.inARow, 6));
    refused.inARow++;
  }

  /** A side answered a read of {@code method}: the row of its refusals ends. */
  void answered(String method) {
    refusedMethods.remove(method);
  }

  /** {@code side} left an attempt unanswered for the request timeout: it rests. */
  void timedOut(NodeId side, long nowTicks) {
    sides.computeIfPresent(side, (node, until) -> nowTicks + config.backoffMaxTicks());
  }
}
