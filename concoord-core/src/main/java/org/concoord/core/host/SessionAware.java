package org.concoord.core.host;

/**
 * Implemented by a replicated object that owns things per client (locks, permits, leadership,
 * waiting calls): when a client's session expires, the host calls {@link #sessionExpired} in slot
 * order on every replica, so the object can release what that client held and drop its waiters.
 * "Expired" is decided by the leader-stamped log clock, never by a replica's own clock. Inside the
 * callback the object may resume other parked calls (e.g. grant the lock to the next waiter).
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
