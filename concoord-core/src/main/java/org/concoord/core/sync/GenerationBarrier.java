package org.concoord.core.sync;

import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * A reusable barrier for a number of parties (2 by default; {@link #setParties} changes it while no
 * one waits). Each {@code await} parks until the last party arrives; that arrival releases every
 * waiting party at once (the original released only one per call) and all of them return the number
 * of the generation they completed, 0 first. The next arrivals start a new generation. A waiting
 * party whose session expires no longer counts as arrived.
 *
 * <p>Use it as an object (the library's {@code Barrier} extends it) or in a field. Every public
 * method is one a client may call.
 */
public class GenerationBarrier implements SessionAware {
  private int parties = 2;
  private long generation;
  private final WaitQueue arrived = new WaitQueue();

  public void setParties(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("a barrier needs at least 1 party, got " + parties);
    }
    if (!arrived.isEmpty()) {
      throw new IllegalStateException(arrived.size() + " parties are waiting at the barrier");
    }
    this.parties = parties;
  }

  /** Waits for all parties; returns the number of the generation this arrival completed. */
  public long await(Caller caller) {
    if (arrived.size() + 1 < parties) {
      arrived.park(caller);
      return 0; // ignored: the reply is the generation the last arrival resumes it with
    }
    long completed = generation++;
    arrived.wakeAll(completed);
    return completed;
  }

  public int parties() {
    return parties;
  }

  /** How many parties wait for the current generation. */
  public int waiting() {
    return arrived.size();
  }

  /** The number of the generation now gathering (how many have completed). */
  public long generation() {
    return generation;
  }

  @Override
  public void sessionExpired(long clientId) {
    arrived.sessionExpired(clientId);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + " of "
        + parties
        + ", generation "
        + generation
        + ", "
        + arrived.size()
        + " waiting";
  }
}
