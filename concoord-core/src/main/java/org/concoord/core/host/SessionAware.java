package org.concoord.core.host;

/**
 * Implemented by what owns things per client (locks, permits, leadership, waiting calls): when a
 * client's session expires, the host calls {@link #sessionExpired} in slot order on every replica,
 * so that it can release what that client held and drop its waiters. The host tells the hosted
 * object if it implements this, and before it every value implementing this in the object's fields
 * (see {@code SessionListeners}): the primitives of {@code org.concoord.core.sync} do, so an object
 * holding one in a field needs no callback of its own. "Expired" is decided by the leader-stamped
 * log clock, never by a replica's own clock. Inside the callback the object may resume other parked
 * calls (e.g. grant the lock to the next waiter). The expiring client's own parked calls still look
 * pending until the host drops them after the callbacks, so a callback removes that client's
 * waiters before handing anything over. Being told twice must change nothing the second time (an
 * object may also pass the expiry on to its fields itself).
 */
public interface SessionAware {
  void sessionExpired(long clientId);

  /**
   * Whether {@code method} is the host's callback rather than a client-callable method: a client
   * must never be able to expire another client's session. Neither the host nor generated proxies
   * expose it.
   */
  static boolean isCallback(java.lang.reflect.Method method) {
    return SessionAware.class.isAssignableFrom(method.getDeclaringClass())
        && method.getName().equals("sessionExpired")
        && method.getParameterCount() == 1
        && method.getParameterTypes()[0] == long.class;
  }
}
