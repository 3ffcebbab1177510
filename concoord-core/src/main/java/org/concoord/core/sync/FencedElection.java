package org.concoord.core.sync;

import org.concoord.core.host.Caller;
import org.concoord.core.host.SessionAware;

/**
 * Leader election among clients, as etcd's concurrency package ships it beside its mutex: a lock
 * whose holder has a name. {@code campaign(name)} returns at once when there is no leader and
 * otherwise parks until the candidates ahead of it have led; it returns the new leader's term,
 * larger than every term before (a fencing token for whatever the leader writes). The leader {@code
 * resign}s, or its session expires; either way the next candidate still waiting becomes leader.
 * {@code leader()} names the current leader.
 *
 * <p>One {@link WaitQueue} of candidates, tagged with their names. Use it as an object (the
 * library's {@code LeaderElection} extends it) or in a field. Every public method is one a client
 * may call.
 */
public class FencedElection implements SessionAware {
  private Long leaderClient;
  private String leaderName;
  private long term;
  private final WaitQueue candidates = new WaitQueue();

  /** Stands for leader under {@code name}; returns the term once this client leads. */
  public long campaign(Caller caller, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a candidate needs a name");
    }
    if (leaderClient != null && leaderClient == caller.clientId()) {
      throw new IllegalStateException("client " + leaderClient + " already leads as " + leaderName);
    }
    if (leaderClient == null) {
      return lead(caller.clientId(), name);
    }
    candidates.park(caller, name);
    return 0; // ignored: the reply is the term the succession resumes it with
  }

  public void resign(Caller caller) {
    if (leaderClient == null || leaderClient != caller.clientId()) {
      throw new IllegalStateException("client " + caller.clientId() + " is not the leader");
    }
    succeed();
  }

  /** The leader's name, or null when there is none. */
  public String leader() {
    return leaderName;
  }

  /** The current (or, with no leader, the last) term; 0 before the first leader. */
  public long term() {
    return term;
  }

  @Override
  public void sessionExpired(long clientId) {
    candidates.sessionExpired(clientId);
    if (leaderClient != null && leaderClient == clientId) {
      succeed();
    }
  }

  private long lead(long clientId, String name) {
    leaderClient = clientId;
    leaderName = name;
    return ++term;
  }

  /** Makes the oldest candidate still waiting leader, or leaves the place empty. */
  private void succeed() {
    leaderClient = null;
    leaderName = null;
    Waiter next = candidates.poll();
    if (next != null) {
      next.call().resume(lead(next.clientId(), next.tag()));
    }
  }

  @Override
  public String toString() {
    return leaderName != null
        ? "Leader " + leaderName + " (term " + term + "), " + candidates.size() + " candidates"
        : "No leader (term " + term + ")";
  }
}
