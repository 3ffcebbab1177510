package org.concoord.core.replica;

import java.util.HashMap;
import java.util.function.Consumer;

/**
 * The reply cache's sessions by client id, in order of last activity (least recently active first):
 * a hash index plus a doubly-linked list threaded through the sessions. Marking a session active
 * moves it to the end of the list, without the remove and re-insert (and the entry they re-created)
 * of the insertion-ordered map it replaced. The index stays a {@link HashMap}: client ids are
 * chosen by clients, and its collision trees keep a crafted set of ids from making every lookup a
 * scan.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class SessionIndex {
  private final HashMap<Long, ReplyCache.Session> byClient = new HashMap<>();
  private ReplyCache.Session eldest;
  private ReplyCache.Session newest;

  ReplyCache.Session get(long clientId) {
    return byClient.get(clientId);
  }

  int size() {
    return byClient.size();
  }

  ReplyCache.Session eldest() {
    return eldest;
  }

  /**
   * Adds {@code session} as the most recently active; one of a client id already present takes that
   * session's place in the order instead (as a map's put does).
   */
  void add(ReplyCache.Session session) {
    ReplyCache.Session previous = byClient.put(session.clientId, session);
    if (previous == null) {
      link(session);
      return;
    }
    session.older = previous.older;
    session.newer = previous.newer;
    if (previous.older == null) {
      eldest = session;
    } else {
      previous.older.newer = session;
    }
    if (previous.newer == null) {
      newest = session;
    } else {
      previous.newer.older = session;
    }
  }

  /** Makes {@code session} (in the index) the most recently active. */
  void moveToNewest(ReplyCache.Session session) {
    if (session != newest) {
      unlink(session);
      link(session);
    }
  }

  void remove(ReplyCache.Session session) {
    byClient.remove(session.clientId);
    unlink(session);
  }

  void clear() {
    byClient.clear();
    eldest = null;
    newest = null;
  }

  /** Each session, least recently active first. */
  void forEach(Consumer<ReplyCache.Session> action) {
    for (ReplyCache.Session s = eldest; s != null; s = s.newer) {
      action.accept(s);
    }
  }

  private void link(ReplyCache.Session session) {
    session.older = newest;
    session.newer = null;
    if (newest == null) {
      eldest = session;
    } else {
      newest.newer = session;
    }
    newest = session;
  }

  private void unlink(ReplyCache.Session session) {
    if (session.older == null) {
      eldest = session.newer;
    } else {
      session.older.newer = session.newer;
    }
    if (session.newer == null) {
      newest = session.older;
    } else {
      session.newer.older = session.older;
    }
    session.older = null;
    session.newer = null;
  }
}
