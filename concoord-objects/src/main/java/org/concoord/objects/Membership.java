package org.concoord.objects;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A set of member names with an epoch that grows on every change, so that a client can tell whether
 * the view it holds is current.
 */
public class Membership {
  private final SortedSet<String> members = new TreeSet<>();
  private long epoch;

  /** Adds {@code member}; false if it was already a member. */
  public boolean add(String member) {
    if (member == null || member.isEmpty()) {
      throw new IllegalArgumentException("a member needs a name");
    }
    boolean added = members.add(member);
    epoch += added ? 1 : 0;
    return added;
  }

  /** Removes {@code member}; throws NoSuchElementException if it is not one. */
  public void remove(String member) {
    if (!members.remove(member)) {
      throw new NoSuchElementException("no member " + member);
    }
    epoch++;
  }

  public boolean contains(String member) {
    return members.contains(member);
  }

  /** The members, in name order. */
  public List<String> members() {
    return List.copyOf(members);
  }

  public long epoch() {
    return epoch;
  }

  @Override
  public String toString() {
    return "Membership " + members + " at epoch " + epoch;
  }
}
