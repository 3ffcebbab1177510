package org.concoord.cli;

import org.concoord.runtime.Node;

/** Keeps a node's process alive until the node stops, and stops the node on SIGTERM. */
final class NodeProcess {
  private NodeProcess() {}

  static int runUntilStopped(Node node) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "concoord-shutdown"));
    String fatal = node.awaitStop();
    if (fatal != null) {
      System.err.println("concoord: " + fatal);
      return 2;
    }
    return 0;
  }
}
