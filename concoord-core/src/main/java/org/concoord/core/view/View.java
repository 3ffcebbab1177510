package org.concoord.core.view;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.concoord.core.NodeId;
import org.concoord.core.command.Reconfigure;

/**
 * The membership of the instance: replicas, acceptors and nameservers, each a sorted set so every
 * node iterates them in the same order. Immutable. {@code epoch} counts the changes applied since
 * the initial view. A view governs the slots from the slot it takes effect at until the next view;
 * a quorum for such a slot is a majority of <em>this</em> view's distinct acceptors.
 */
public final class View {
  /**
   * Slots between a reconfiguration's decision and the slot it governs from (the original's WINDOW,
   * PMMC's alpha). It is also the leader's pipeline bound: slot s may be proposed only once slot
   * {@code s - WINDOW} has executed, because only then is the view governing s known.
   */
  public static final int WINDOW = 10;

  private final long epoch;
  private final SortedSet<NodeId> replicas;
  private final SortedSet<NodeId> acceptors;
  private final SortedSet<NodeId> nameservers;

  /** Replicas and nameservers: computed once (the leader asks on every decision). */
  private final SortedSet<NodeId> learners;

  public View(
      long epoch,
      Collection<NodeId> replicas,
      Collection<NodeId> acceptors,
      Collection<NodeId> nameservers) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
    }
    this.epoch = epoch;
    this.replicas = Collections.unmodifiableSortedSet(new TreeSet<>(replicas));
    this.acceptors = Collections.unmodifiableSortedSet(new TreeSet<>(acceptors));
    this.nameservers = Collections.unmodifiableSortedSet(new TreeSet<>(nameservers));
    TreeSet<NodeId> all = new TreeSet<>(this.replicas);
    all.addAll(this.nameservers);
    this.learners = Collections.unmodifiableSortedSet(all);
  }

  public static View initial(Collection<NodeId> replicas, Collection<NodeId> acceptors) {
    return new View(0, replicas, acceptors, List.of());
  }

  public long epoch() {
    return epoch;
  }

  public SortedSet<NodeId> replicas() {
    return replicas;
  }

  public SortedSet<NodeId> acceptors() {
    return acceptors;
  }

  public SortedSet<NodeId> nameservers() {
    return nameservers;
  }

  public SortedSet<NodeId> members(Role role) {
    return switch (role) {
      case REPLICA -> replicas;
      case ACCEPTOR -> acceptors;
      case NAMESERVER -> nameservers;
    };
  }

  /** Replicas and nameservers: every node that learns decisions. */
  public SortedSet<NodeId> learners() {
    return learners;
  }

  /** How many distinct acceptors of this view make a quorum: a strict majority. */
  public int quorumSize() {
    return acceptors.size() / 2 + 1;
  }

  /** Whether {@code voters} holds a majority of this view's acceptors; outsiders do not count. */
  public boolean isQuorum(Collection<NodeId> voters) {
    // Counted without copying (asked on every Accepted): a voter counts at its first occurrence.
    List<NodeId> ordered =
        voters instanceof Set<?>
            ? null
            : voters instanceof List<NodeId> list ? list : List.copyOf(voters);
    int count = 0;
    int index = 0;
    for (NodeId voter : voters) {
      if (acceptors.contains(voter) && (ordered == null || ordered.indexOf(voter) == index)) {
        count++;
      }
      index++;
    }
    return count >= quorumSize();
  }

  /**
   * Whether applying {@code change} keeps the instance able to serve: never remove the last replica
   * or the last acceptor. A change that fails this is decided but ignored, the same way everywhere.
   */
  public boolean permits(Reconfigure change) {
    SortedSet<NodeId> set = members(change.role());
    if (change.add()) {
      return !set.contains(change.node());
    }
    if (!set.contains(change.node())) {
      return false;
    }
    return change.role() == Role.NAMESERVER || set.size() > 1;
  }

  /** The view after {@code change}; callers check {@link #permits} first. */
  public View apply(Reconfigure change) {
    TreeSet<NodeId> r = new TreeSet<>(replicas);
    TreeSet<NodeId> a = new TreeSet<>(acceptors);
    TreeSet<NodeId> n = new TreeSet<>(nameservers);
    TreeSet<NodeId> target =
        switch (change.role()) {
          case REPLICA -> r;
          case ACCEPTOR -> a;
          case NAMESERVER -> n;
        };
    if (change.add()) {
      target.add(change.node());
    } else {
      target.remove(change.node());
    }
    return new View(epoch + 1, r, a, n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof View v
        && epoch == v.epoch
        && replicas.equals(v.replicas)
        && acceptors.equals(v.acceptors)
        && nameservers.equals(v.nameservers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, replicas, acceptors, nameservers);
  }

  @Override
  public String toString() {
    return "View{epoch=" + epoch + " R=" + replicas + " A=" + acceptors + " N=" + nameservers + "}";
  }
}
