package org.concoord.cli.command;

import org.concoord.runtime.Node;

/** Keeps a node's process alive until the node stops, and stops the node on SIGTERM. */
final class NodeProcess {
  private NodeProcess() {}

  /** Default bound on one call of the object, in seconds (0: no bound). */
  static final long CALL_TIMEOUT_SECONDS_DEFAULT = 60;

  /**
   * Starts the node's admin listener if {@code admin} asks for one (HTTPS with the node's
   * credentials {@code tls}, when it has them), then as below.
   */
  static int runUntilStopped(
      Node node, AdminOptions admin, org.concoord.client.tls.TlsCredentials tls)
      throws InterruptedException, java.io.IOException {
    admin.start(node, tls);
    return runUntilStopped(node);
  }

  static int runUntilStopped(Node node) throws InterruptedException {
    // An Error on any other thread (the log's syncer, a resolver) must not leave a half-working
    // node that looks alive: stop the process, non-zero.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) -> {
          System.err.println("concoord: " + thread.getName() + " died: " + error);
          System.err.flush();
          if (error instanceof Error) {
            Runtime.getRuntime().halt(3);
          }
        });
    long boundSeconds = Long.getLong("concoord.call.timeout.seconds", CALL_TIMEOUT_SECONDS_DEFAULT);
    if (boundSeconds > 0) {
      watch(node, boundSeconds * 1000);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  // The last word on what the node did (for an acceptor: writes per sync, time per
                  // sync).
                  // Printed, not logged: java.util.logging is shut down by a hook of its own.
                  System.out.println("concoord: stopped " + node.describe());
                  System.out.flush();
                },
                "concoord-shutdown"));
    String fatal = node.awaitStop();
    if (fatal != null) {
      System.err.println("concoord: " + fatal);
      return 2;
    }
    return 0;
  }

  /**
   * A watchdog: a call of the object that runs past the bound hangs every replica at the same slot,
   * and the node thread cannot be stopped from outside, so the process stops, non-zero, naming the
   * slot, the method and the client (in the log and in the data directory).
   */
  private static void watch(Node node, long boundMillis) {
    Thread watchdog =
        new Thread(
            () -> {
              while (true) {
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
                String overdue = node.overdueCall(boundMillis);
                if (overdue != null) {
                  String reason = node.recordStop(overdue);
                  System.err.println(
                      "concoord: node " + node.self() + " stopped by its object: " + reason);
                  System.err.flush();
                  Runtime.getRuntime().halt(4); // hooks would wait for the stuck node thread
                }
              }
            },
            "concoord-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
