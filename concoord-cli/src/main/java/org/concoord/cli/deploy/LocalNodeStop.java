package org.concoord.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops node processes of a local deployment (for {@code stop}, {@code start}, {@code restart} and
 * {@code recover}): SIGTERM, then SIGKILL to those still running after {@link #GRACE_SECONDS}.
 */
public final class LocalNodeStop {
  /** How long a node has to shut down after SIGTERM before it is killed. */
  public static final int GRACE_SECONDS = 10;

  private LocalNodeStop() {}

  static int stop(Deployment.NodeEntry node) throws Exception {
    return stop(List.of(node));
  }

  /**
   * Stops {@code nodes} together: SIGTERM to every one first, then a wait for each (SIGKILL to
   * those still running {@link #GRACE_SECONDS} after the signal). A node's shutdown (closing its
   * log, its snapshot writer, its connections) takes a second or two; one after the other, a
   * deployment of six took over ten. Returns how many were running.
   */
  public static int stop(List<Deployment.NodeEntry> nodes) throws Exception {
    List<Optional<ProcessHandle>> signalled = new ArrayList<>();
    for (Deployment.NodeEntry node : nodes) {
      Optional<ProcessHandle> process = ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive);
      process.ifPresent(ProcessHandle::destroy);
      signalled.add(process);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
    int stopped = 0;
    for (int i = 0; i < nodes.size(); i++) {
      Optional<ProcessHandle> process = signalled.get(i);
      if (process.isPresent()) {
        try {
          process
              .get()
              .onExit()
              .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          process.get().destroyForcibly();
        }
        stopped++;
      }
      Deployment.NodeEntry node = nodes.get(i);
      System.out.println(
          "stopped " + node.role() + " " + node.address() + " (pid " + node.pid() + ")");
    }
    return stopped;
  }
}
