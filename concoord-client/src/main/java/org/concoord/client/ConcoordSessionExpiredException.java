package org.concoord.client;

import org.concoord.core.message.Reason;

/**
 * The replicas expired this client's session (it was silent for longer than its session timeout,
 * e.g. paused): whatever it held (locks, permits, leadership) was released and its waiting calls
 * were dropped. The call's outcome is unknown when it was outstanding at the expiry. The client
 * starts a new session for its next call; a holder must acquire again (with a new fencing token).
 */
public class ConcoordSessionExpiredException extends ConcoordRejectedException {
  public ConcoordSessionExpiredException(String reason) {
    super(Reason.SESSION_EXPIRED, reason);
  }
}
