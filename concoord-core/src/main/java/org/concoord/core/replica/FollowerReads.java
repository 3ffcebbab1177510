package org.concoord.core.replica;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.concoord.core.Mutation;
import org.concoord.core.Observer;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.effects.Effects;
import org.concoord.core.host.Response;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;

/**
 * Reads any replica may answer from its own executed state (issue 20; docs/protocol.md, "Read
 * modes"): {@link ReadMode.Kind#SEQUENTIAL} once it has executed the slot the client last saw,
 * {@link ReadMode.Kind#BOUNDED} while it knows its state is at most the bound behind the leader. A
 * read it may not answer goes on as any request does (to the leader, or a NOT_LEADER hint).
 *
 * <p>Staleness: a {@code Heartbeat} from the leader this replica follows carries the leader's
 * executed slot X; every call the leader answered before sending it is at or below X. Once this
 * replica has executed X, its state misses only what the leader answered after that heartbeat left:
 * it is at most (now - when the heartbeat arrived) behind, counted in its own ticks and stretched
 * by the drift bound ({@link ReplicaConfig#driftPermille}) and the lag bound, since its ticks may
 * run slow. The heartbeat's time in flight is not counted (the bound is from when the replica heard
 * it).
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class FollowerReads {
  /** The runtime's tick (and the simulator's): a bound in milliseconds becomes ticks. */
  static final long TICK_MILLIS = 10;

  /** Heartbeats remembered: (slot, tick heard), newest last. */
  static final int HEARD_MAX = 64;

  private record Heard(long slot, long ticks) {}

  private final Observer observer;
  private final DecisionLog log;
  private final LocalReads localReads;
  private final boolean ignoreSlotSeen;
  private final int driftPermille;
  private final int lagTicks;
  private final ArrayDeque<Heard> heard = new ArrayDeque<>();
  private org.concoord.core.Ballot heardBallot = org.concoord.core.Ballot.ZERO;

  FollowerReads(
      java.util.Set<Mutation> mutations,
      Observer observer,
      DecisionLog log,
      LocalReads localReads,
      int driftPermille,
      int lagTicks) {
    this.driftPermille = driftPermille;
    this.lagTicks = lagTicks;
    this.observer = observer;
    this.log = log;
    this.localReads = localReads;
    this.ignoreSlotSeen = mutations.contains(Mutation.SEQUENTIAL_IGNORES_SLOT_SEEN);
  }

  /** A heartbeat from the leader this replica follows: it had executed {@code slot}. */
  void leaderHeard(org.concoord.core.Ballot ballot, long slot, long nowTicks) {
    if (!ballot.equals(heardBallot)) {
      heard.clear(); // another leader: what the last one said vouches for nothing now
      heardBallot = ballot;
    }
    Heard last = heard.peekLast();
    if (last != null && last.slot >= slot) {
      heard.pollLast(); // a later hearing of no newer slot vouches for more
      slot = Math.max(slot, last.slot);
    }
    heard.addLast(new Heard(slot, nowTicks));
    if (heard.size() > HEARD_MAX) {
      heard.pollFirst();
    }
  }

  /**
   * How many ticks behind the leader this replica's state may be at {@code nowTicks}, as far as it
   * knows; Long.MAX_VALUE if it cannot tell.
   */
  long staleTicks(long nowTicks) {
    long executed = log.slotExecutedMax();
    long newest = -1;
    for (Iterator<Heard> it = heard.descendingIterator(); it.hasNext(); ) {
      Heard next = it.next();
      if (next.slot <= executed) {
        newest = next.ticks;
        break;
      }
    }
    if (newest < 0) {
      return Long.MAX_VALUE;
    }
    long elapsed = nowTicks - newest + lagTicks + 1;
    return (elapsed * 1000 + (1000 - driftPermille) - 1) / (1000 - driftPermille);
  }

  /** Whether this replica's state may answer {@code request} now, by its mode. */
  boolean mayAnswer(ClientRequest request, long nowTicks) {
    ReadMode mode = request.read();
    return switch (mode.kind()) {
      case SEQUENTIAL -> ignoreSlotSeen || log.slotExecutedMax() >= request.slotSeen();
      // In ticks, not millis: staleTicks is Long.MAX_VALUE when no heartbeat vouches (a replica
      // restarted from its snapshot, seed 40000062), and times TICK_MILLIS that overflowed to a
      // negative staleness, so it answered bounded reads however far behind it was.
      case BOUNDED ->
          log.slotExecutedMax() >= request.slotSeen()
              && staleTicks(nowTicks) <= mode.boundMillis() / TICK_MILLIS;
      default -> false;
    };
  }

  /**
   * Answers {@code request} from this replica's state if its mode allows and the call is a read
   * that qualifies; false (nothing emitted) if it must go on as any request.
   */
  boolean tryAnswer(ClientRequest request, long nowTicks, Effects effects) {
    ClientCommand call = request.command();
    if (!request.read().anyReplica()
        || !localReads.qualifies(call)
        || !mayAnswer(request, nowTicks)) {
      return false;
    }
    Response response = localReads.run(call);
    if (response == null) {
      return false;
    }
    observer.mark(
        request.read().kind() == ReadMode.Kind.SEQUENTIAL ? "reads.sequential" : "reads.bounded");
    effects.reply(
        new ClientReply(
            call.clientId(),
            call.seq(),
            response.outcome(),
            response.payload(),
            null,
            log.slotExecutedMax()));
    return true;
  }
}
