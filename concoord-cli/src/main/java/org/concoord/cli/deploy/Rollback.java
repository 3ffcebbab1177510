package org.concoord.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Undoes a deployment over SSH that failed part-way: on every host it reached, kills (SIGKILL) the
 * nodes it started there and removes the directory it made, reconnecting once if the connection was
 * lost. Returns one line per host saying exactly what was cleaned, or what could not be and may
 * still be running.
 */
final class Rollback {
  private Rollback() {}

  /**
   * {@code connected}: the hosts reached, by index; {@code nodes}: every node, started or not;
   * {@code madeDirs}: whether a host's directory was made by this deployment (and may go).
   */
  static List<String> run(
      Map<Integer, RemoteHost> connected,
      List<RemoteNode> nodes,
      Map<Integer, Boolean> madeDirs,
      SshSettings ssh) {
    List<String> report = new ArrayList<>();
    for (Map.Entry<Integer, RemoteHost> entry : connected.entrySet()) {
      int index = entry.getKey();
      RemoteHost host = entry.getValue();
      List<RemoteNode> started = nodes.stream().filter(n -> n.host == index && n.pid > 0).toList();
      boolean removeDir = madeDirs.getOrDefault(index, false);
      if (started.isEmpty() && !removeDir) {
        continue;
      }
      try {
        report.add(clean(host, started, removeDir));
      } catch (DeployException first) {
        try (RemoteHost again =
            RemoteHost.connect(host.host(), ssh, host.dir(), new ArrayList<>())) {
          report.add(clean(again, started, removeDir));
        } catch (DeployException e) {
          report.add(
              "host "
                  + host.label()
                  + ": could NOT clean up ("
                  + e.getMessage()
                  + "):"
                  + (started.isEmpty() ? "" : " may still run there: " + describe(started) + ";")
                  + " files left in "
                  + host.dir());
        }
      }
    }
    return report;
  }

  private static String clean(RemoteHost host, List<RemoteNode> started, boolean removeDir)
      throws DeployException {
    List<Long> running = host.stop(started.stream().map(n -> n.pid).toList(), 0, "rollback");
    List<RemoteNode> killed = started.stream().filter(n -> running.contains(n.pid)).toList();
    List<RemoteNode> exited = started.stream().filter(n -> !running.contains(n.pid)).toList();
    StringBuilder line = new StringBuilder("host " + host.label() + ":");
    if (!killed.isEmpty()) {
      line.append(" killed ").append(describe(killed)).append(';');
    }
    if (!exited.isEmpty()) {
      line.append(" already exited: ").append(describe(exited)).append(';');
    }
    if (removeDir && host.removeDir("rollback")) {
      line.append(" removed ").append(host.dir());
    } else if (removeDir) {
      line.append(" nothing to remove");
    } else {
      line.append(" kept ").append(host.dir()).append(" (it was there before)");
    }
    return line.toString();
  }

  private static String describe(List<RemoteNode> nodes) {
    return nodes.stream()
        .map(n -> n.name() + " (pid " + n.pid + ")")
        .collect(Collectors.joining(", "));
  }
}
