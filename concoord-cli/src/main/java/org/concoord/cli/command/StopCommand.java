package org.concoord.cli.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concoord.cli.deploy.DeployException;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.DeploymentHosts;
import org.concoord.cli.deploy.HostsFile;
import org.concoord.cli.deploy.LocalNodeStop;
import org.concoord.cli.deploy.RemoteHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord stop}: stops every process of the deployment, local processes directly and nodes
 * on hosts over SSH (SIGTERM, then SIGKILL after {@link LocalNodeStop#GRACE_SECONDS}). Logs and
 * data directories stay, here and on the hosts.
 */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description =
        "Stops the deployment started by 'concoord initialize' (and 'addnode'),"
            + " on this machine and on its hosts over SSH.")
public final class StopCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      description = "Deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Deployment deployment = Deployment.read(dir);
    int stopped =
        LocalNodeStop.stop(
            deployment.nodes().stream().filter(Deployment.NodeEntry::local).toList());
    List<String> unreached = new ArrayList<>();
    DeploymentHosts remote = deployment.remote();
    if (remote != null) {
      for (int host = 0; host < remote.hosts().size(); host++) {
        int index = host;
        List<Deployment.NodeEntry> here =
            deployment.nodes().stream().filter(n -> n.host() == index).toList();
        if (here.isEmpty()) {
          continue;
        }
        try {
          stopped += stopOnHost(remote, index, here);
        } catch (DeployException e) {
          System.err.println("concoord stop: " + e.getMessage());
          unreached.add(remote.hosts().get(index).label());
        }
      }
      if (unreached.isEmpty()) {
        deployment.withRemote(remote.withState(DeploymentHosts.STOPPED)).write(dir);
      }
    }
    System.out.println(stopped + " of " + deployment.nodes().size() + " processes were running");
    if (!unreached.isEmpty()) {
      System.err.println(
          "concoord stop: could not reach "
              + String.join(", ", unreached)
              + ": the nodes there may still run; run 'concoord stop' again once reachable");
      return 1;
    }
    return 0;
  }

  private static int stopOnHost(DeploymentHosts remote, int index, List<Deployment.NodeEntry> nodes)
      throws DeployException {
    HostsFile.Host host = remote.hosts().get(index);
    try (RemoteHost reached =
        RemoteHost.connect(host, remote.ssh(), remote.dirs().get(index), new ArrayList<>())) {
      List<Long> running =
          reached.stop(
              nodes.stream().map(Deployment.NodeEntry::pid).toList(),
              LocalNodeStop.GRACE_SECONDS,
              "stop");
      for (Deployment.NodeEntry node : nodes) {
        System.out.println(
            (running.contains(node.pid()) ? "stopped " : "was not running: ")
                + node.role()
                + " "
                + node.address()
                + " (pid "
                + node.pid()
                + ") on "
                + host.label());
      }
      return running.size();
    }
  }
}
