package org.concoord.cli.command;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.Deployment;
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
public final class StatusCommand implements Callable<Integer> {
  static final int TIMEOUT_MILLIS = InstanceStatus.TIMEOUT_MILLIS;

  @picocli.CommandLine.Mixin InstanceTarget instance;

  @Option(names = "--json", description = "One JSON object per node.")
  boolean json;

  /** Certificates expiring sooner than this are named in a warning. */
  static final java.time.Duration EXPIRY_WARNING = java.time.Duration.ofDays(30);

  private final Map<String, java.time.Instant> expiring = new java.util.TreeMap<>();

  /** The local deployment (its nodes' names), unless -b names another instance. */
  private Deployment localDeployment() throws java.io.IOException {
    Path dir = instance.dir;
    boolean present = java.nio.file.Files.exists(dir.resolve(Deployment.FILE));
    return instance.bootstrap == null || present ? Deployment.read(dir) : null;
  }

  @Override
  public Integer call() throws Exception {
    Deployment local = localDeployment();
    String target = instance.bootstrap != null ? instance.bootstrap : local.bootstrap();
    Map<String, String> dnsOf = byAddress(local, Deployment.NodeEntry::dns);
    Map<String, String> adminOf = byAddress(local, Deployment.NodeEntry::adminUrl);
    org.concoord.client.tls.TlsCredentials tls = instance.tls.resolve(instance.dir);
    noteOwnExpiry(tls);
    InstanceStatus status =
        InstanceStatus.gather(
            Bootstraps.nodes(target),
            tls == null ? null : tls.context(),
            (node, certificate) -> {
              synchronized (expiring) {
                noteExpiry(node.toString(), certificate);
              }
            });
    warnExpiring();
    if (status == null) {
      return noAnswer(target, local);
    }
    View view = status.view();
    if (json) {
      System.out.print(status.toJsonLines(dnsOf));
      return 0;
    }
    System.out.printf(
        "view epoch %d: %d replicas, %d acceptors, %d nameservers%n",
        view.epoch(), view.replicas().size(), view.acceptors().size(), view.nameservers().size());
    System.out.printf(
        "%-10s %-22s %-12s %-7s %-22s %10s %6s %10s%n",
        "ROLE", "ADDRESS", "STATE", "LEADS", "BALLOT", "EXECUTED", "LAG", "OBJECT");
    for (InstanceStatus.Row row : status.rows()) {
      String admin = adminOf.get(row.node().address());
      System.out.println(
          toLine(
                  row.role(),
                  row.node(),
                  row.reply(),
                  status.leaderExecuted(),
                  dnsOf.get(row.node().address()))
              + (admin == null ? "" : "  admin " + admin));
      String stopped =
          row.reply() != null || local == null ? null : local.stopRecord(row.node().address());
      if (stopped != null) {
        // A node stopped by its object: name the slot, the method and the client.
        System.out.println("           stopped by its object: " + stopped.replace("\n", "; "));
      }
    }
    return 0;
  }

  /** The local deployment's nodes that have {@code value}, by address (none without one). */
  private static Map<String, String> byAddress(
      Deployment local, java.util.function.Function<Deployment.NodeEntry, String> value) {
    Map<String, String> byAddress = new java.util.HashMap<>();
    if (local != null) {
      local.nodes().stream()
          .filter(n -> value.apply(n) != null)
          .forEach(n -> byAddress.put(n.address(), value.apply(n)));
    }
    return byAddress;
  }

  /** No replica answered: says so, and names the local nodes their object stopped; exit 1. */
  private static int noAnswer(String target, Deployment local) {
    System.err.println("concoord status: no replica of " + target + " answered");
    if (local != null) {
      for (Deployment.NodeEntry node : local.nodes()) {
        String stopped = local.stopRecord(node.address());
        if (stopped != null) { // every replica stopped at one slot: say which, and why
          System.err.println(
              node.role()
                  + " "
                  + node.address()
                  + " stopped by its object: "
                  + stopped.replace("\n", "; "));
        }
      }
    }
    return 1;
  }

  /** This client's certificate and its CAs, as the nodes' are noted while they answer. */
  private void noteOwnExpiry(org.concoord.client.tls.TlsCredentials tls) throws Exception {
    if (tls == null) {
      return;
    }
    if (tls.token() == null) { // a token client has no certificate of its own
      noteExpiry("this client (" + tls.certificateFile() + ")", tls.certificate());
    }
    for (java.security.cert.X509Certificate ca :
        org.concoord.client.tls.TlsCredentials.certificates(tls.caFile())) {
      noteExpiry("CA " + ca.getSubjectX500Principal().getName(), ca);
    }
  }

  private void noteExpiry(String whose, java.security.cert.X509Certificate certificate) {
    java.time.Instant end = certificate.getNotAfter().toInstant();
    if (end.isBefore(java.time.Instant.now().plus(EXPIRY_WARNING))) {
      expiring.put(whose, end);
    }
  }

  private void warnExpiring() {
    for (Map.Entry<String, java.time.Instant> soon : expiring.entrySet()) {
      System.err.println(
          "concoord status: WARNING: the certificate of "
              + soon.getKey()
              + " expires "
              + soon.getValue()
              + " (within "
              + EXPIRY_WARNING.toDays()
              + " days):"
              + " replace it (docs/security.md, rotation)");
    }
  }

  /** A nameserver's line ends with the address it answers DNS on, when the deployment says. */
  private static String toLine(
      Role role, NodeId node, StatusReply reply, long leaderExecuted, String dns) {
    String suffix = dns == null ? "" : "  dns " + dns;
    if (reply == null) {
      return String.format(
              Locale.ROOT,
              "%-10s %-22s %-12s",
              role.name().toLowerCase(Locale.ROOT),
              node,
              "unreachable")
          + suffix;
    }
    String lag =
        role != Role.ACCEPTOR && leaderExecuted >= 0
            ? Long.toString(Math.max(0, leaderExecuted - reply.slotExecutedMax()))
            : "-";
    String state =
        reply.notice() == null
            ? "up"
            : reply.notice().startsWith("DIVERGED") ? "DIVERGED" : "QUOTA";
    String object = role == Role.REPLICA && reply.stateBytes() > 0 ? size(reply.stateBytes()) : "-";
    String line =
        String.format(
                Locale.ROOT,
                "%-10s %-22s %-12s %-7s %-22s %10d %6s %10s",
                role.name().toLowerCase(Locale.ROOT),
                node,
                state,
                reply.leading() ? "yes" : "",
                reply.ballot(),
                reply.slotExecutedMax(),
                lag,
                object)
            + suffix;
    return reply.notice() == null
        ? line
        : line + System.lineSeparator() + "    ! " + reply.notice();
  }

  /** Bytes for people: 512 B, 3.4 KiB, 31.9 MiB. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
