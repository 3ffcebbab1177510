package org.concoord.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.deploy.LocalNodeStop;
import org.concoord.cli.deploy.ProcessState;
import org.concoord.core.NodeId;
import org.concoord.runtime.storage.AcceptorLogReader;
import org.concoord.runtime.storage.BackupFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord recover}: disaster recovery when a majority of the acceptors is lost for good
 * (etcd's {@code --force-new-cluster}). No view change can be decided without that majority, so the
 * surviving nodes start a new view outside the protocol: the state of the most advanced surviving
 * replica (taken as a backup), the surviving replicas and acceptors on their addresses (their old
 * data moved aside, kept), new acceptors for the lost ones. Before anything changes it says exactly
 * what may be lost and asks for confirmation ({@code --yes} for scripts).
 */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description =
        "When a majority of the acceptors is lost for good, starts a new view from the"
            + " surviving nodes of the local deployment, after saying what may be lost and asking.")
public final class RecoverCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      defaultValue = ".concoord",
      description = "Local deployment directory (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--yes", description = "Do not ask for confirmation (for scripts).")
  boolean yes;

  private record Survivor(Deployment.NodeEntry node, BackupFile.Backup backup, Path file) {}

  @Override
  public Integer call() throws Exception {
    Deployment deployment = Deployment.read(dir);
    if (deployment.remote() != null) {
      System.err.println(
          "concoord recover: the deployment in "
              + dir
              + " is on hosts over SSH;"
              + " recover covers local deployments only: nothing was changed");
      return 2;
    }
    List<Deployment.NodeEntry> acceptors = role(deployment, "acceptor", null);
    List<Deployment.NodeEntry> alive = role(deployment, "acceptor", true);
    List<Deployment.NodeEntry> lost = role(deployment, "acceptor", false);
    if (alive.size() * 2 > acceptors.size()) {
      System.err.println(
          "concoord recover: "
              + alive.size()
              + " of the "
              + acceptors.size()
              + " acceptors are running, a majority: the instance recovers by itself (the leader"
              + " removes silent members after --remove-after; add acceptors with 'concoord addnode"
              + " -t 1'); nothing was changed");
      return 2;
    }
    Path work =
        Files.createDirectories(
            dir.resolve(
                "recover-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
    List<Survivor> replicas = survivingReplicas(deployment, work);
    if (replicas.isEmpty()) {
      System.err.println(
          "concoord recover: no replica of the deployment answers with its state;"
              + " nothing to start a new view from (restore a backup with 'concoord snapshot"
              + " restore'); nothing was changed");
      return 2;
    }
    Survivor best = replicas.get(0);
    for (Survivor replica : replicas) {
      if (replica.backup().slot() > best.backup().slot()) {
        best = replica;
      }
    }
    report(deployment, lost, alive, replicas, best);
    if (!yes && !confirmed()) {
      deleteTree(work); // the states fetched for the report: as secret as the data directories
      System.err.println("concoord recover: not confirmed: nothing was changed");
      return 1;
    }
    return startNewView(deployment, work, replicas, best, alive, acceptors.size());
  }

  private static List<Deployment.NodeEntry> role(
      Deployment deployment, String role, Boolean running) {
    return deployment.nodes().stream()
        .filter(n -> n.role().equals(role))
        .filter(n -> running == null || ProcessState.isRunning(n.pid()) == running)
        .toList();
  }

  /** Every running replica that gives its state (a backup, in {@code work}). */
  private List<Survivor> survivingReplicas(Deployment deployment, Path work) throws Exception {
    HttpClient http = SnapshotCommand.Save.http(InstanceProbe.adminCredentials(dir));
    List<Survivor> replicas = new ArrayList<>();
    for (Deployment.NodeEntry node : role(deployment, "replica", true)) {
      if (node.adminUrl() == null) {
        System.err.println("replica " + node.address() + " has no admin listener: left out");
        continue;
      }
      Path file = work.resolve(node.address().replace(':', '-') + ".backup");
      try {
        replicas.add(
            new Survivor(node, SnapshotCommand.Save.fetch(http, node.adminUrl(), file), file));
      } catch (IOException e) {
        System.err.println(
            "replica " + node.address() + " gave no state: " + e.getMessage() + ": left out");
      }
    }
    return replicas;
  }

  private void report(
      Deployment deployment,
      List<Deployment.NodeEntry> lost,
      List<Deployment.NodeEntry> alive,
      List<Survivor> replicas,
      Survivor best) {
    long executed = best.backup().slot();
    int acceptors = lost.size() + alive.size();
    System.out.println(
        "concoord recover: "
            + lost.size()
            + " of the "
            + acceptors
            + " acceptors are lost (not running: "
            + addresses(lost)
            + "); without a majority of"
            + " them nothing can be decided, not even a view change. Go on only if they are gone for"
            + " good: one that comes back belongs to the old instance and is refused by the new.");
    for (Survivor replica : replicas) {
      System.out.println(
          "  surviving replica "
              + replica.node().address()
              + ": executed slot "
              + replica.backup().slot()
              + (replica == best ? " (the newest: the new view starts" + " from its state)" : ""));
    }
    for (Deployment.NodeEntry node : role(deployment, "replica", false)) {
      System.out.println("  lost replica " + node.address() + " (not running)");
    }
    Beyond beyond = reportSurvivingAcceptors(alive, executed);
    reportWhatMayBeLost(executed, beyond);
    reportNewView(alive, replicas, best, acceptors);
  }

  /**
   * What the surviving acceptors hold after the newest replica's slot: the most slots and client
   * commands any one of them holds there, and the highest slot of all.
   */
  private record Beyond(long survivorsMax, int slots, int calls) {}

  /** Prints what each surviving acceptor holds; returns what they hold after {@code executed}. */
  private Beyond reportSurvivingAcceptors(List<Deployment.NodeEntry> alive, long executed) {
    long survivorsMax = 0;
    int beyond = 0;
    int callsBeyond = 0;
    for (Deployment.NodeEntry node : alive) {
      try {
        AcceptorLogReader.Held held =
            AcceptorLogReader.read(dataDir(node), NodeId.of(node.address()));
        survivorsMax = Math.max(survivorsMax, held.slotMax());
        var after = held.slots().tailMap(executed, false);
        beyond = Math.max(beyond, after.size());
        callsBeyond = Math.max(callsBeyond, after.values().stream().mapToInt(i -> i).sum());
        System.out.println(
            "  surviving acceptor "
                + node.address()
                + ": holds "
                + held.slots().size()
                + " slots, the highest "
                + held.slotMax()
                + (after.isEmpty()
                    ? ""
                    : "; "
                        + after.size()
                        + " of them after slot "
                        + executed
                        + ": "
                        + after.firstKey()
                        + ".."
                        + after.lastKey()));
      } catch (IOException | RuntimeException e) {
        System.out.println(
            "  surviving acceptor "
                + node.address()
                + ": its log cannot be read ("
                + e.getMessage()
                + ")");
      }
    }
    return new Beyond(survivorsMax, beyond, callsBeyond);
  }

  private static void reportWhatMayBeLost(long executed, Beyond held) {
    long survivorsMax = held.survivorsMax();
    int beyond = held.slots();
    int callsBeyond = held.calls();
    System.out.println("What may be lost (everything after slot " + executed + "):");
    System.out.println(
        "  - "
            + (beyond == 0
                ? "no slot after " + executed + " is held by a" + " surviving acceptor"
                : beyond
                    + " slots after "
                    + executed
                    + " (up to "
                    + survivorsMax
                    + ", "
                    + callsBeyond
                    + " client commands) held by the surviving acceptors but executed by"
                    + " no surviving replica")
            + ";");
    System.out.println(
        "  - any slot after "
            + executed
            + " accepted only by the lost acceptors"
            + " (they cannot be read). A call in such a slot was acknowledged only if a now lost"
            + " replica executed it;");
    System.out.println(
        "  - the client sessions: a call in flight now may run again if its"
            + " client retries it on the new view.");
  }

  private void reportNewView(
      List<Deployment.NodeEntry> alive, List<Survivor> replicas, Survivor best, int acceptors) {
    long executed = best.backup().slot();
    System.out.println(
        "The new view: replicas "
            + addresses(replicas.stream().map(Survivor::node).toList())
            + ", acceptors "
            + addresses(alive)
            + " and "
            + (acceptors - alive.size())
            + " new ones, from the state after slot "
            + executed
            + " (view "
            + best.backup().viewEpoch()
            + ", sha256 "
            + best.backup().sha256().substring(0, 16)
            + "...). The"
            + " surviving nodes are stopped and restarted; their data is kept in "
            + dir.resolve("data-before-recover")
            + ".");
  }

  private static boolean confirmed() throws IOException {
    System.out.print("Type 'yes' to start the new view: ");
    System.out.flush();
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    System.out.println();
    return line != null && line.trim().equals("yes");
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private int startNewView(
      Deployment deployment,
      Path work,
      List<Survivor> replicas,
      Survivor best,
      List<Deployment.NodeEntry> acceptors,
      int acceptorCount)
      throws Exception {
    Path backup = work.resolve("recovered.backup");
    Files.move(best.file(), backup);
    LocalNodeStop.stop(
        deployment.nodes().stream().filter(n -> ProcessState.isRunning(n.pid())).toList());
    Path data = dir.resolve("data");
    if (Files.exists(data)) {
      Path kept = dir.resolve("data-before-recover").resolve(work.getFileName());
      Files.createDirectories(kept.getParent());
      Files.move(data, kept);
      System.out.println("moved the old data to " + kept);
    }
    List<String> replicaAddresses = new ArrayList<>(List.of(best.node().address()));
    for (Survivor replica : replicas) {
      if (replica != best) {
        replicaAddresses.add(replica.node().address());
      }
    }
    InitializeCommand initialize = new InitializeCommand();
    initialize.restoreFrom = backup.toAbsolutePath();
    initialize.reuse("replica", replicaAddresses);
    initialize.reuse("acceptor", acceptors.stream().map(Deployment.NodeEntry::address).toList());
    List<String> args =
        new ArrayList<>(
            List.of(
                "-c",
                deployment.object().className(),
                "-r",
                Integer.toString(
                    (int)
                        deployment.nodes().stream()
                            .filter(n -> n.role().equals("replica"))
                            .count()),
                "-a",
                Integer.toString(acceptorCount),
                "--dir",
                dir.toString()));
    args.addAll(0, List.of("-f", deployment.object().file().toString()));
    if (deployment.nodes().stream()
        .anyMatch(n -> n.args() != null && n.args().contains("--insecure"))) {
      args.add("--insecure");
    }
    System.out.println("starting the new view from " + backup);
    return new CommandLine(initialize).execute(args.toArray(String[]::new));
  }

  private static Path dataDir(Deployment.NodeEntry node) {
    int at = node.args() == null ? -1 : node.args().indexOf("--data-dir");
    if (at < 0) {
      throw new IllegalStateException("no data directory recorded");
    }
    return Path.of(node.args().get(at + 1));
  }

  private static String addresses(List<Deployment.NodeEntry> nodes) {
    return nodes.isEmpty()
        ? "none"
        : String.join(", ", nodes.stream().map(Deployment.NodeEntry::address).toList());
  }
}
