package org.concoord.cli;

import org.concoord.runtime.Node;

/** Keeps a node's process alive until the node stops, and stops the node on SIGTERM. */
final class NodeProcess {
  private NodeProcess() {}

  /**
   * Starts the node's admin listener if {@code admin} asks for one (HTTPS with the node's
   * credentials {@code tls}, when it has them), then as below.
   */
  static int runUntilStopped(Node node, AdminOptions admin,
      org.concoord.client.tls.TlsCredentials tls)
      throws InterruptedException, java.io.IOException {
    admin.start(node, tls);
    return runUntilStopped(node);
  }

  static int runUntilStopped(Node node) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      // The last word on what the node did (for an acceptor: writes per sync, time per sync).
      // Printed, not logged: java.util.logging is shut down by a hook of its own.
      System.out.println("concoord: stopped " + node.describe());
      System.out.flush();
    }, "concoord-shutdown"));
    String fatal = node.awaitStop();
    if (fatal != null) {
      System.err.println("concoord: " + fatal);
      return 2;
    }
    return 0;
  }
}
