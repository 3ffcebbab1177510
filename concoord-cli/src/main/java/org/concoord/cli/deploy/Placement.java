package org.concoord.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.view.Role;

/**
 * Where each node of a new instance runs: replicas, acceptors and nameservers are dealt to the
 * hosts round-robin, each role continuing where the previous one stopped. So every host holds at
 * most ceil(r / hosts) replicas and ceil(a / hosts) acceptors (one host's loss costs as few of each
 * as any placement can), and the hosts' node counts differ by at most one. The first node is the
 * bootstrap replica, on the first host. Pure: no I/O.
 */
public final class Placement {
  /** One node: its role, its index among the nodes of that role, and the host it runs on. */
  record Placed(Role role, int ordinal, int host) {}

  private final int hostCount;
  private final List<Placed> nodes;

  private Placement(int hostCount, List<Placed> nodes) {
    this.hostCount = hostCount;
    this.nodes = List.copyOf(nodes);
  }

  /** Places {@code replicas}, {@code acceptors} and {@code nameservers} on {@code hosts} hosts. */
  public static Placement of(int hosts, int replicas, int acceptors, int nameservers) {
    if (hosts < 1) {
      throw new IllegalArgumentException("needs at least one host, got " + hosts);
    }
    if (replicas < 1 || acceptors < 1 || nameservers < 0) {
      throw new IllegalArgumentException(
          "needs at least one replica and one acceptor, got "
              + replicas
              + " replicas, "
              + acceptors
              + " acceptors, "
              + nameservers
              + " nameservers");
    }
    List<Placed> nodes = new ArrayList<>();
    int next = 0;
    for (Role role : Role.values()) { // replicas, acceptors, nameservers
      int count =
          switch (role) {
            case REPLICA -> replicas;
            case ACCEPTOR -> acceptors;
            case NAMESERVER -> nameservers;
          };
      for (int i = 0; i < count; i++) {
        nodes.add(new Placed(role, i, next % hosts));
        next++;
      }
    }
    return new Placement(hosts, nodes);
  }

  /** Every node, in start order: replicas (the bootstrap first), acceptors, nameservers. */
  List<Placed> nodes() {
    return nodes;
  }

  int hostCount() {
    return hostCount;
  }

  /** How many nodes of {@code role} run on {@code host}. */
  int count(Role role, int host) {
    return (int) nodes.stream().filter(n -> n.role() == role && n.host() == host).count();
  }

  /** The most nodes of {@code role} that the loss of one host takes away. */
  int worstLoss(Role role) {
    int worst = 0;
    for (int host = 0; host < hostCount; host++) {
      worst = Math.max(worst, count(role, host));
    }
    return worst;
  }

  /**
   * Whether the instance keeps serving after losing any one host: at least one replica and a
   * majority of the acceptors remain.
   */
  boolean survivesAnyOneHost() {
    int replicas = total(Role.REPLICA);
    int acceptors = total(Role.ACCEPTOR);
    return replicas - worstLoss(Role.REPLICA) >= 1
        && 2 * (acceptors - worstLoss(Role.ACCEPTOR)) > acceptors;
  }

  int total(Role role) {
    return (int) nodes.stream().filter(n -> n.role() == role).count();
  }

  /** One line for the operator: what the loss of one host costs, and whether it is survived. */
  String summary() {
    return "placement on "
        + hostCount
        + " hosts: losing one host costs at most "
        + worstLoss(Role.REPLICA)
        + " of "
        + total(Role.REPLICA)
        + " replicas and "
        + worstLoss(Role.ACCEPTOR)
        + " of "
        + total(Role.ACCEPTOR)
        + " acceptors"
        + (survivesAnyOneHost()
            ? "; the instance survives the loss of any one host"
            : "; WARNING: the loss of one host stops the instance (add hosts or nodes)");
  }
}
