package org.concoord.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code concoord stop}: stops every process of the local deployment. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = "Stops the local deployment started by 'concoord initialize'.")
final class StopCommand implements Callable<Integer> {
  @Option(names = "--dir", description = "Local deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Deployment deployment = Deployment.read(dir);
    int stopped = 0;
    for (Deployment.NodeEntry node : deployment.nodes()) {
      Optional<ProcessHandle> process = ProcessHandle.of(node.pid());
      if (process.isPresent() && process.get().isAlive()) {
        process.get().destroy();
        try {
          process.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          process.get().destroyForcibly();
        }
        stopped++;
      }
      System.out.println("stopped " + node.role() + " " + node.address() + " (pid " + node.pid() + ")");
    }
    System.out.println(stopped + " of " + deployment.nodes().size() + " processes were running");
    return 0;
  }
}
