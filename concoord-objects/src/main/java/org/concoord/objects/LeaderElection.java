package org.concoord.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import org.concoord.core.host.Caller;
import org.concoord.core.host.Parked;
import org.concoord.core.host.SessionAware;

/**
 * Leader election among clients. {@code campaign(name)} returns at once when there is no leader
 * and otherwise parks until the candidates ahead of it have led; it returns the new leader's term,
 * larger than every term before (a fencing token for whatever the leader writes). The leader
 * {@code resign}s, or its session expires; either way the next candidate still waiting becomes
 * leader. {@code leader()} names the current leader.
 */
public class LeaderElection implements SessionAware {
  /** A parked candidate. */
  private record Candidate(Parked call, String name) {}

  private Long leaderClient;
  private String leaderName;
  private long term;
  private final Deque<Candidate> candidates = new ArrayDeque<>();

  /** Stands for leader under {@code name}; returns the term once this client leads. */
  public long campaign(Caller caller, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a candidate needs a name");
    }
    if (leaderClient != null && leaderClient == caller.clientId()) {
      throw new IllegalStateException("client " + leaderClient + " already leads as "
          + leaderName);
    }
    if (leaderClient == null) {
      return lead(caller.clientId(), name);
    }
    candidates.add(new Candidate(caller.park(), name));
    return 0; // ignored: the reply is the term passed to resume
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
    // The host drops the client's parked calls only after this callback: skip them explicitly.
    candidates.removeIf(candidate -> candidate.call().clientId() == clientId);
    if (leaderClient != null && leaderClient == clientId) {
      succeed();
    }
  }

  private long lead(long clientId, String name) {
    leaderClient = clientId;
    leaderName = name;
    return ++term;
  }

  private void succeed() {
    leaderClient = null;
    leaderName = null;
    for (Candidate next; (next = candidates.poll()) != null; ) {
      if (next.call().isPending()) {
        next.call().resume(lead(next.call().clientId(), next.name()));
        return;
      }
    }
  }

  @Override
  public String toString() {
    return leaderName != null ? "Leader " + leaderName + " (term " + term + "), "
        + candidates.size() + " candidates" : "No leader (term " + term + ")";
  }
}
