package org.concoord.runtime.metrics;

import java.util.List;
import java.util.Locale;
import org.concoord.core.NodeId;
import org.concoord.core.view.Role;

/**
 * What one node knows of itself and its leader, published by the node thread every tick for the
 * admin listener and the gauges. Immutable: other threads read the latest one, never the role.
 *
 * @param leaderSilenceTicks ticks since this node last heard its leader (0 if it leads; {@link
 *     Long#MAX_VALUE} if it never has)
 * @param slotDecidedKnown the highest slot this node knows to be decided (from its leader's
 *     heartbeats and the decisions it learned)
 */
public record NodeHealth(
    NodeId node,
    Role role,
    boolean member,
    boolean leading,
    NodeId leader,
    String ballot,
    long ballotRound,
    long viewEpoch,
    int replicas,
    int acceptors,
    int nameservers,
    long slotExecuted,
    long slotDecidedKnown,
    long leaderSilenceTicks,
    int sessions,
    List<NodeId> viewReplicas,
    List<ViewChange> viewChanges) {

  /**
   * Ticks of leader silence after which a node counts as having no leader: two heartbeats, a third
   * of the shortest election wait, so that the gap before a new leader shows (readiness uses the
   * longer {@link #READY_SILENCE_TICKS_MAX}, so this does not flap it).
   */
  public static final long LEADER_SILENCE_TICKS_MAX = 10;

  /** Ticks of leader silence after which a node is not ready (2 s: load may delay heartbeats). */
  public static final long READY_SILENCE_TICKS_MAX = 200;

  /** One view this node learned, with the wall-clock time it learned it. */
  public record ViewChange(long epoch, long atMillis, String view) {}

  /** Whether this node leads or heard its leader within {@link #LEADER_SILENCE_TICKS_MAX}. */
  public boolean hasLeader() {
    return leading || (leader != null && leaderSilenceTicks <= LEADER_SILENCE_TICKS_MAX);
  }

  /** How many decided slots this node has yet to execute (0 for the leader and acceptors). */
  public long lagSlots() {
    if (leading || role == Role.ACCEPTOR) {
      return 0;
    }
    return Math.max(0, slotDecidedKnown - slotExecuted);
  }

  /**
   * Null if the node is ready to serve, else why not. Ready: a member of the view that knows a
   * leader (it leads, or heard it within {@link #READY_SILENCE_TICKS_MAX}) and lags by at most
   * {@code lagSlotsMax} slots. An acceptor is ready once a leader of its view talks to it.
   */
  public String notReadyBecause(long lagSlotsMax) {
    if (role != Role.ACCEPTOR && !member) {
      return "not a member of the view it knows (joining, or removed)";
    }
    if (!leading
        && (leader == null && role != Role.ACCEPTOR
            || leaderSilenceTicks > READY_SILENCE_TICKS_MAX)) {
      return "no leader heard for "
          + (leaderSilenceTicks == Long.MAX_VALUE ? "ever" : leaderSilenceTicks + " ticks");
    }
    if (lagSlots() > lagSlotsMax) {
      return "catching up: " + lagSlots() + " slots behind (ready at " + lagSlotsMax + ")";
    }
    return null;
  }

  /** This node's state as one JSON object (the status page's and {@code /node}'s). */
  public String toJson(long lagSlotsMax) {
    StringBuilder changes = new StringBuilder("[");
    for (ViewChange change : viewChanges) {
      if (changes.length() > 1) {
        changes.append(',');
      }
      changes.append(
          String.format(
              Locale.ROOT,
              "{\"epoch\":%d,\"at\":%d,\"view\":%s}",
              change.epoch(),
              change.atMillis(),
              Json.quote(change.view())));
    }
    changes.append(']');
    String notReady = notReadyBecause(lagSlotsMax);
    return String.format(
        Locale.ROOT,
        "{\"node\":%s,\"role\":\"%s\",\"member\":%b,\"leading\":%b,\"leader\":%s,"
            + "\"hasLeader\":%b,\"ballot\":%s,\"viewEpoch\":%d,\"replicas\":%d,\"acceptors\":%d,"
            + "\"nameservers\":%d,\"executed\":%d,\"decided\":%d,\"lag\":%d,\"sessions\":%d,"
            + "\"ready\":%b,\"notReady\":%s,\"viewChanges\":%s}",
        Json.quote(node.toString()),
        role.name().toLowerCase(Locale.ROOT),
        member,
        leading,
        leader == null ? "null" : Json.quote(leader.toString()),
        hasLeader(),
        Json.quote(ballot),
        viewEpoch,
        replicas,
        acceptors,
        nameservers,
        slotExecuted,
        slotDecidedKnown,
        lagSlots(),
        sessions,
        notReady == null,
        notReady == null ? "null" : Json.quote(notReady),
        changes);
  }
}
