package org.concoord.core.replica;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.host.Response;
import org.concoord.core.message.Snapshot;

/**
 * Client sessions and their cached replies: replicated state that makes a retried request execute
 * at most once and get its original reply. Keyed by (client, seq) alone: a retry is the same
 * request whatever its bytes (the original's key included the command, so a re-encoded retry ran
 * twice). Bounded four ways, all deterministic: per-session unacknowledged replies, number of
 * sessions (least recently active evicted), expiry by the replicated clock, and bytes of cached
 * replies per session and in all (past those, new calls are refused "overloaded" until clients
 * acknowledge: a reply the client may still ask for again is never dropped).
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: time is the leader's stamp in the log.
 */
final class ReplyCache {
  /** What to do with a command about to execute. */
  enum Admission {
    /** Not seen before: execute it. */
    EXECUTE,
    /** Executed before: answer from the cache (or, if parked, keep waiting). */
    DUPLICATE,
    /** Below what the client acknowledged: it has the reply; do nothing. */
    STALE,
    /** The client's session expired or was evicted: refuse rather than risk running it twice. */
    SESSION_EXPIRED,
    /** The client has too many unacknowledged requests. */
    TOO_MANY_OUTSTANDING,
    /** Cached replies are over their byte budget, the client's or everyone's. */
    OVERLOADED,
    /** The session was opened by another principal: nobody else may use its client id. */
    WRONG_PRINCIPAL
  }

  /** One client's session. */
  static final class Session {
    final long clientId;
    long activeTicks;
    long expiryTicks;
    long ackedBelow = 1;

    /** Cached replies and parked calls, by seq. */
    final SessionReplies replies = new SessionReplies();

    /** Payload bytes of {@link #replies}. */
    long bytes;

    /** Who opened the session (review F4: a client id is no credential). */
    String principal = "";

    /** Neighbours in {@link SessionIndex}'s activity order. */
    Session older;

    Session newer;

    Session(long clientId) {
      this.clientId = clientId;
    }
  }

  /** Replicated-clock ticks between two expiry scans. */
  static final long SCAN_EVERY_TICKS = 10;

  /** Shortest session expiry a client may ask for. */
  static final long EXPIRY_TICKS_MIN = 50;

  /** Longest session expiry a client may ask for (one hour at 10 ms a tick). */
  static final long EXPIRY_TICKS_MAX = 360_000;

  private final long expiryTicks;
  private long scannedTicks = Long.MIN_VALUE / 2;
  private final int sessionsMax;
  private final int repliesPerSessionMax;
  private final long sessionBytesMax;
  private final long bytesMax;
  private long bytes;
  // Activity order: a touched session is moved to the end, so the eldest is the least recently
  // active, and the bound on sessions evicts from the front.
  private final SessionIndex sessions = new SessionIndex();

  ReplyCache(long expiryTicks, int sessionsMax, int repliesPerSessionMax) {
    this(expiryTicks, sessionsMax, repliesPerSessionMax, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  ReplyCache(
      long expiryTicks,
      int sessionsMax,
      int repliesPerSessionMax,
      long sessionBytesMax,
      long bytesMax) {
    this.expiryTicks = expiryTicks;
    this.sessionsMax = sessionsMax;
    this.repliesPerSessionMax = repliesPerSessionMax;
    this.sessionBytesMax = sessionBytesMax;
    this.bytesMax = bytesMax;
  }

  /**
   * Whether {@code clientId} has a session that was active within the first quarter of its expiry
   * at {@code nowTicks}: a read is served without a slot only then. A read touches no session, so a
   * client that only reads has one of its reads go through the log each quarter expiry, which keeps
   * its session (and what it holds) alive as any call does.
   */
  boolean hasFreshSession(long clientId, long nowTicks) {
    Session session = sessions.get(clientId);
    return session != null && nowTicks - session.activeTicks <= session.expiryTicks / 4;
  }

  /** Read-only check used by the leader before proposing: is this request already answered? */
  Admission peek(ClientCommand command) {
    Session session = sessions.get(command.clientId());
    if (session == null) {
      return command.ackedBelow() > 1 ? Admission.SESSION_EXPIRED : Admission.EXECUTE;
    }
    if (!session.principal.equals(command.principal())) {
      return Admission.WRONG_PRINCIPAL;
    }
    if (command.seq() < session.ackedBelow) {
      return Admission.STALE;
    }
    if (session.replies.contains(command.seq())) {
      return Admission.DUPLICATE;
    }
    return Admission.EXECUTE;
  }

  /**
   * Decides, at execution in slot order, what to do with {@code command}; on EXECUTE the session
   * exists afterwards and is marked active at {@code nowTicks}.
   */
  Admission admit(ClientCommand command, long nowTicks) {
    Admission admission = peek(command);
    if (admission == Admission.SESSION_EXPIRED
        || admission == Admission.STALE
        || admission == Admission.WRONG_PRINCIPAL) {
      return admission;
    }
    Session session = touch(command.clientId(), command.principal(), nowTicks);
    acknowledge(session, command.ackedBelow());
    if (admission == Admission.EXECUTE && session.replies.outstanding() >= repliesPerSessionMax) {
      return Admission.TOO_MANY_OUTSTANDING;
    }
    if (admission == Admission.EXECUTE && (session.bytes >= sessionBytesMax || bytes >= bytesMax)) {
      return Admission.OVERLOADED;
    }
    return admission;
  }

  /** Why a call of {@code clientId} is refused OVERLOADED. */
  String overload(long clientId) {
    Session session = sessions.get(clientId);
    long own = session == null ? 0 : session.bytes;
    return "overloaded: "
        + own
        + " bytes of replies to this client are unacknowledged (limit "
        + sessionBytesMax
        + "), "
        + bytes
        + " bytes cached for all clients (limit "
        + bytesMax
        + "); retry once earlier replies are received";
  }

  /** Payload bytes of all cached replies. */
  long bytes() {
    return bytes;
  }

  /** The cached reply of (client, seq), or null if none (unknown, or parked). */
  Response cached(long clientId, long seq) {
    Session session = sessions.get(clientId);
    return session == null ? null : session.replies.reply(seq);
  }

  boolean isParked(long clientId, long seq) {
    Session session = sessions.get(clientId);
    return session != null && session.replies.isParked(seq);
  }

  void recordReply(long clientId, long seq, Response response) {
    Session session = sessions.get(clientId);
    if (session != null && seq >= session.ackedBelow) {
      Response previous = session.replies.put(seq, response);
      long delta = response.payload().length - (previous == null ? 0 : previous.payload().length);
      session.bytes += delta;
      bytes += delta;
    }
  }

  void recordParked(long clientId, long seq) {
    Session session = sessions.get(clientId);
    if (session != null) {
      session.replies.park(seq);
    }
  }

  /** A session that expired, with the calls it still had parked. */
  record Expired(long clientId, List<Long> parkedSeqs) {}

  /**
   * Sets how long {@code clientId}'s session survives silence (a client's keepalive says so),
   * within [{@link #EXPIRY_TICKS_MIN}, {@link #EXPIRY_TICKS_MAX}]; until it says, the configured
   * default applies.
   */
  void setExpiry(long clientId, long ticks) {
    Session session = sessions.get(clientId);
    if (session != null) {
      session.expiryTicks = Math.max(EXPIRY_TICKS_MIN, Math.min(EXPIRY_TICKS_MAX, ticks));
    }
  }

  /**
   * Drops sessions silent for longer than their expiry, and the least recently active beyond the
   * bound. Scans at most once per {@link #SCAN_EVERY_TICKS} of the replicated clock (the same slots
   * on every replica), since sessions may have different expiries.
   */
  List<Expired> expire(long nowTicks) {
    if (nowTicks - scannedTicks < SCAN_EVERY_TICKS && sessions.size() <= sessionsMax) {
      return List.of();
    }
    scannedTicks = nowTicks;
    List<Expired> dropped = null;
    Session session = sessions.eldest();
    while (session != null) {
      Session next = session.newer;
      boolean expired = nowTicks - session.activeTicks > session.expiryTicks;
      if (expired || sessions.size() > sessionsMax) {
        if (dropped == null) {
          dropped = new ArrayList<>();
        }
        dropped.add(new Expired(session.clientId, session.replies.parkedSeqs()));
        bytes -= session.bytes;
        sessions.remove(session);
      }
      session = next;
    }
    return dropped == null ? List.of() : dropped;
  }

  /** The sessions, least recently active first, as a snapshot carries them. */
  List<Snapshot.Session> export() {
    List<Snapshot.Session> out = new ArrayList<>(sessions.size());
    sessions.forEach(
        session ->
            out.add(
                new Snapshot.Session(
                    session.clientId,
                    session.activeTicks,
                    session.expiryTicks,
                    session.ackedBelow,
                    session.replies.exportReplies(),
                    session.replies.parkedSeqs(),
                    session.principal)));
    return out;
  }

  long scannedTicks() {
    return scannedTicks;
  }

  /** Replaces every session by a snapshot's (same order, so the same eviction order). */
  void restore(long scannedTicks, List<Snapshot.Session> exported) {
    sessions.clear();
    bytes = 0;
    this.scannedTicks = scannedTicks;
    for (Snapshot.Session from : exported) {
      Session session = new Session(from.clientId());
      session.activeTicks = from.activeTicks();
      session.expiryTicks = from.expiryTicks();
      session.ackedBelow = from.ackedBelow();
      session.principal = from.principal();
      from.replies()
          .forEach(
              reply -> {
                session.replies.put(reply.seq(), reply.response());
                session.bytes += reply.response().payload().length;
              });
      bytes += session.bytes;
      from.parked().forEach(session.replies::park);
      sessions.add(session);
    }
  }

  int sessionCount() {
    return sessions.size();
  }

  private Session touch(long clientId, String principal, long nowTicks) {
    Session session = sessions.get(clientId);
    if (session == null) {
      session = new Session(clientId);
      session.expiryTicks = expiryTicks;
      session.principal = principal;
      sessions.add(session);
    } else {
      sessions.moveToNewest(session);
    }
    session.activeTicks = Math.max(session.activeTicks, nowTicks);
    return session;
  }

  private void acknowledge(Session session, long ackedBelow) {
    if (ackedBelow <= session.ackedBelow) {
      return;
    }
    session.ackedBelow = ackedBelow;
    long length = session.replies.dropBelow(ackedBelow);
    session.bytes -= length;
    bytes -= length;
  }
}
