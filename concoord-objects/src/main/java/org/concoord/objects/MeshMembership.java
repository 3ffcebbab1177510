package org.concoord.objects;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.concoord.core.host.Caller;
import org.concoord.core.sync.WaitQueue;

/**
 * Groups of nodes with epochs, after the original's mesh membership. A node joins a group by {@code
 * approveJoin} at the group's current epoch (a stale epoch is refused and told the current one);
 * members report failures with {@code notifyFailure}, and a node struck by at least half of the
 * other members is removed. Every change bumps the group's epoch and releases the clients parked in
 * {@code awaitChange}. A group is "STABLE" with at least its minimum size of members, else
 * "DEGRADED".
 */
public class MeshMembership {
  /** The answer to a join: whether it was approved, and the group's epoch after it. */
  public record Approval(boolean approved, long epoch) {}

  private static final class Group {
    final int minSize;
    long epoch;
    final SortedSet<String> members = new TreeSet<>();

    /** node -> the members that reported it failed, at the current epoch. */
    final TreeMap<String, TreeSet<String>> strikes = new TreeMap<>();

    final WaitQueue watchers = new WaitQueue();

    private Group() { // for snapshots
      this(0);
    }

    Group(int minSize) {
      this.minSize = minSize;
    }
  }

  private final Map<String, Group> groups = new TreeMap<>();

  /** Creates {@code group}; false if it exists. */
  public boolean addGroup(String group, int minSize) {
    if (minSize < 0) {
      throw new IllegalArgumentException("minSize must not be negative, got " + minSize);
    }
    return groups.putIfAbsent(group, new Group(minSize)) == null;
  }

  /** Removes {@code group}; its watchers get a NoSuchElementException. */
  public void removeGroup(String group) {
    Group removed = group(group);
    groups.remove(group);
    NoSuchElementException gone = new NoSuchElementException("group " + group + " was removed");
    removed.watchers.failAll(gone);
  }

  /** Adds {@code node} if {@code epoch} is the group's current one (or it is a member). */
  public Approval approveJoin(String group, String node, long epoch) {
    Group g = group(group);
    if (g.members.contains(node)) {
      return new Approval(true, g.epoch);
    }
    if (epoch != g.epoch) {
      return new Approval(false, g.epoch);
    }
    g.members.add(node);
    changed(g);
    return new Approval(true, g.epoch);
  }

  /**
   * {@code reporter} (a member) says {@code node} failed, as of {@code epoch}; returns whether the
   * node was removed. A report from a stale epoch is ignored.
   */
  public boolean notifyFailure(String group, long epoch, String node, String reporter) {
    Group g = group(group);
    if (epoch != g.epoch
        || !g.members.contains(node)
        || !g.members.contains(reporter)
        || node.equals(reporter)) {
      return false;
    }
    SortedSet<String> by = g.strikes.computeIfAbsent(node, n -> new TreeSet<>());
    by.add(reporter);
    if (2 * by.size() < g.members.size() - 1) {
      return false;
    }
    g.members.remove(node);
    changed(g);
    return true;
  }

  public boolean checkMember(String group, String node) {
    return group(group).members.contains(node);
  }

  public List<String> members(String group) {
    return List.copyOf(group(group).members);
  }

  public long epoch(String group) {
    return group(group).epoch;
  }

  public String state(String group) {
    Group g = group(group);
    return g.members.size() >= g.minSize ? "STABLE" : "DEGRADED";
  }

  public List<String> groups() {
    return List.copyOf(groups.keySet());
  }

  /** Waits until the group's epoch is past {@code epoch}; returns the new epoch. */
  public long awaitChange(Caller caller, String group, long epoch) {
    Group g = group(group);
    if (g.epoch <= epoch) {
      g.watchers.park(caller);
    }
    return g.epoch; // ignored when parked: the reply is the epoch of the change
  }

  private void changed(Group g) {
    g.epoch++;
    g.strikes.clear(); // strikes count within one epoch, as the reports name it
    g.watchers.wakeAll(g.epoch);
  }

  private Group group(String group) {
    Group g = groups.get(group);
    if (g == null) {
      throw new NoSuchElementException("no group " + group);
    }
    return g;
  }

  @Override
  public String toString() {
    return "MeshMembership of " + groups.keySet();
  }
}
