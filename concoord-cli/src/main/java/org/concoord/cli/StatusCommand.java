package org.concoord.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;
import org.concoord.core.view.Role;
import org.concoord.core.view.View;
import org.concoord.runtime.status.InstanceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord status -b BOOTSTRAP}: asks every node of the view for its state and prints a
 * table: role, address, up or unreachable, the leader and its ballot, each replica's highest
 * executed slot and how far it lags the leader.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Prints the instance's view and each node's state.")
final class StatusCommand implements Callable<Integer> {
  static final int TIMEOUT_MILLIS = InstanceStatus.TIMEOUT_MILLIS;

  @Option(names = "-b", description = "Bootstrap: host:port[,host:port...].")
  String bootstrap;

  @Option(names = "--dir", defaultValue = ".concoord", description = "Local deployment directory.")
  Path dir;

  @Option(names = "--json", description = "One JSON object per node.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Deployment local = bootstrap == null || java.nio.file.Files.exists(dir.resolve(Deployment.FILE))
        ? Deployment.read(dir) : null;
    String target = bootstrap != null ? bootstrap : local.bootstrap();
    Map<String, String> dnsOf = new java.util.HashMap<>();
    if (local != null) {
      local.nodes().stream().filter(n -> n.dns() != null)
          .forEach(n -> dnsOf.put(n.address(), n.dns()));
    }
    InstanceStatus status = InstanceStatus.gather(Bootstraps.nodes(target));
    if (status == null) {
      System.err.println("concoord status: no replica of " + target + " answered");
      return 1;
    }
    View view = status.view();
    if (json) {
      System.out.print(status.toJsonLines(dnsOf));
      return 0;
    }
    System.out.printf("view epoch %d: %d replicas, %d acceptors, %d nameservers%n", view.epoch(),
        view.replicas().size(), view.acceptors().size(), view.nameservers().size());
    System.out.printf("%-10s %-22s %-12s %-7s %-22s %10s %6s%n",
        "ROLE", "ADDRESS", "STATE", "LEADS", "BALLOT", "EXECUTED", "LAG");
    for (InstanceStatus.Row row : status.rows()) {
      System.out.println(toLine(row.role(), row.node(), row.reply(), status.leaderExecuted(),
          dnsOf.get(row.node().address())));
    }
    return 0;
  }

  /** A nameserver's line ends with the address it answers DNS on, when the deployment says. */
  private static String toLine(Role role, NodeId node, StatusReply reply, long leaderExecuted,
      String dns) {
    String suffix = dns == null ? "" : "  dns " + dns;
    if (reply == null) {
      return String.format(Locale.ROOT, "%-10s %-22s %-12s", role.name().toLowerCase(Locale.ROOT),
          node, "unreachable") + suffix;
    }
    String lag = role != Role.ACCEPTOR && leaderExecuted >= 0
        ? Long.toString(Math.max(0, leaderExecuted - reply.slotExecutedMax())) : "-";
    return String.format(Locale.ROOT, "%-10s %-22s %-12s %-7s %-22s %10d %6s",
        role.name().toLowerCase(Locale.ROOT), node, "up", reply.leading() ? "yes" : "",
        reply.ballot(), reply.slotExecutedMax(), lag) + suffix;
  }

  /** One status request on a connection of its own; null if the node does not answer in time. */
  static StatusReply ask(NodeId node) {
    return InstanceStatus.ask(node);
  }
}
