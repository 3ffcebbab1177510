package org.concoord.core.replica;

import java.util.Iterator;
import java.util.LinkedHashSet;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.effects.Effects;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchRequest;

/**
 * A replica's first door, a client's request: refused here (too large, diverged, not the leader,
 * denied by the policy), answered here (from the reply cache, or a read without a slot: {@link
 * FollowerReads}, {@link ReadIndex}), or proposed through the {@link Leader}. It remembers the
 * clients talking to this replica, since execution replies only to those; and serves watch
 * requests.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class ClientDoor {
  /** Clients remembered as talking to this replica; replies go only to those. */
  static final int ATTACHED_CLIENTS_MAX = 1 << 16;

  private final ReplicaParts parts;
  private final LinkedHashSet<Long> attachedClients = new LinkedHashSet<>();

  ClientDoor(ReplicaParts parts) {
    this.parts = parts;
  }

  /** Whether {@code call} is a retry this replica knows ({@link Replica#answersFromCache}). */
  boolean answersFromCache(ClientCommand call) {
    ReplyCache.Admission admission = parts.executor.cache().peek(call);
    return admission == ReplyCache.Admission.DUPLICATE
        || admission == ReplyCache.Admission.STALE
        || parts.leader.isQueued(call);
  }

  /** Whether execution replies to {@code clientId} from here: it talked to this replica. */
  boolean isAttached(long clientId) {
    return attachedClients.contains(clientId);
  }

  void request(ClientRequest request, Effects effects) {
    ClientCommand call = request.command();
    attach(call.clientId());
    int bytes = WireSizes.command(call);
    if (bytes > WireSizes.COMMAND_BYTES_MAX) {
      // Proposing it would make a Propose over the frame bound (review F3): refuse it here.
      parts.observer.mark("replica.request-too-large");
      effects.reply(tooLarge(call, bytes));
      return;
    }
    if (parts.digests.isDiverged()) {
      effects.reply(Leader.notLeader(call, null)); // the client tries another replica
      return;
    }
    if (request.read().anyReplica()
        && !parts.leader.isActive()
        && parts.isMember()
        && parts.executor.cache().hasFreshSession(call.clientId(), parts.executor.clockTicks())
        && parts.followerReads.tryAnswer(request, parts.nowTicks(), effects)) {
      return; // a sequential or bounded read this replica's state may answer (issue 20)
    }
    if (parts.leader.phase() == Leader.Phase.FOLLOWER) {
      // A replica outside the view (removed, or not yet added) knows no current leader: its
      // hint would be stale and could bounce clients between two such replicas forever.
      effects.reply(Leader.notLeader(call, parts.isMember() ? parts.election.leaderHint() : null));
      return;
    }
    String refusal = parts.executor.refusal(call);
    if (refusal != null) {
      // Refused by the policy as this leader knows it: not worth a slot. Execution checks again
      // in slot order, which is what makes every replica refuse alike.
      parts.observer.mark("access.refused-early");
      effects.reply(rejected(call, Reason.ACCESS_DENIED, refusal));
      return;
    }
    if (answeredFromCache(call, effects)) {
      return;
    }
    if (parts.leader.isActive()
        && parts.executor.cache().hasFreshSession(call.clientId(), parts.executor.clockTicks())
        && parts.localReads.qualifies(call)) {
      // A read: no slot, and not in the reply cache; only for a client whose session exists, so
      // that a client acknowledging replies without a session still means an expired one (the
      // first call, read or not, opens the session through the log). docs/protocol.md, "Reads".
      readAtLeader(request, call, effects);
      return;
    }
    propose(parts.leader, call, effects);
  }

  /** A read at the active leader: from its own state if sequential and it may, else by index. */
  private void readAtLeader(ClientRequest request, ClientCommand call, Effects effects) {
    ReadMode.Kind kind = request.read().kind();
    if (kind == ReadMode.Kind.SEQUENTIAL
        && parts.followerReads.tryAnswer(request, parts.nowTicks(), effects)) {
      return;
    }
    if (!parts.readIndex.offer(
        call, kind != ReadMode.Kind.LINEARIZABLE, parts.nowTicks(), effects)) {
      effects.reply(
          rejected(
              call,
              Reason.OVERLOADED,
              "overloaded: "
                  + parts.readIndex.waitingCount()
                  + " reads wait for the leader to confirm it leads (limit "
                  + parts.config.pendingMax()
                  + "); retry later"));
    }
  }

  /** Queues {@code call} at {@code leader}, or refuses it as overloaded if the queue is full. */
  static void propose(Leader leader, ClientCommand call, Effects effects) {
    if (!leader.offer(call)) {
      effects.reply(rejected(call, Reason.OVERLOADED, leader.overload()));
    } else {
      leader.proposeDue();
    }
  }

  /** Answers a retry whose outcome is already replicated; false if the call must be proposed. */
  private boolean answeredFromCache(ClientCommand call, Effects effects) {
    ReplyCache cache = parts.executor.cache();
    switch (cache.peek(call)) {
      case DUPLICATE -> {
        parts.observer.mark("reply-cache.duplicate-answered");
        var cached = cache.cached(call.clientId(), call.seq());
        Outcome outcome = cached == null ? Outcome.BLOCKED : cached.outcome();
        byte[] payload = cached == null ? new byte[0] : cached.payload();
        effects.reply(
            new ClientReply(
                call.clientId(),
                call.seq(),
                outcome,
                payload,
                null,
                cached == null ? 0 : parts.log.slotExecutedMax()));
        return true;
      }
      case STALE -> {
        return true; // the client holds the reply already
      }
      case WRONG_PRINCIPAL -> {
        // Another principal's session: neither its cached replies nor its locks are this one's.
        parts.observer.mark("access.wrong-principal-early");
        effects.reply(rejected(call, Reason.WRONG_PRINCIPAL, SlotExecutor.WRONG_PRINCIPAL));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** A watch request ({@link Replica#onWatchRequest}); a diverged replica serves none. */
  void watchRequest(WatchRequest request, Effects effects) {
    if (parts.digests.isDiverged() || !parts.isMember()) {
      effects.push(
          Watches.ended(
              new Watches.Key(request.clientId(), request.watchId()),
              parts.log.slotExecutedMax(),
              Watches.ELSEWHERE));
      return;
    }
    parts.watches.onRequest(request, parts.log.slotExecutedMax(), effects);
  }

  private void attach(long clientId) {
    if (attachedClients.add(clientId) && attachedClients.size() > ATTACHED_CLIENTS_MAX) {
      Iterator<Long> eldest = attachedClients.iterator();
      eldest.next();
      eldest.remove();
    }
  }

  private static ClientReply tooLarge(ClientCommand call, int bytes) {
    return rejected(
        call,
        Reason.TOO_LARGE,
        "the request is "
            + bytes
            + " bytes encoded,"
            + " over the bound of "
            + WireSizes.COMMAND_BYTES_MAX
            + " bytes for one command (the"
            + " frame bound of "
            + WireFormat.FRAME_LENGTH_MAX
            + " bytes, less the room a Propose"
            + " needs)");
  }

  private static ClientReply rejected(ClientCommand call, Reason reason, String why) {
    return new ClientReply(
        call.clientId(), call.seq(), Outcome.REJECTED, Refusal.encode(reason, why), null);
  }
}
