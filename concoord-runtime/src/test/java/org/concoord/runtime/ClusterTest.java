package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordRejectedException;
import org.concoord.core.NodeId;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.objects.Counter;
import org.junit.jupiter.api.Test;

/**
 * Three replicas and three acceptors on loopback in one JVM, joined as the tutorial joins them,
 * called through the real client library.
 */
class ClusterTest {
  static final byte[] CODE = {1, 2, 3};

  static NodeId local(int port) {
    return NodeId.of("127.0.0.1:" + port);
  }

  static Node replica(int port, List<NodeId> bootstrap, byte[] code) throws IOException {
    return Node.replica(
            local(port),
            new InetSocketAddress("127.0.0.1", port),
            new ObjectHost(Counter.class),
            code,
            bootstrap,
            ReplicaConfig.defaults())
        .start();
  }

  static Node acceptor(int port, List<NodeId> bootstrap) throws IOException {
    return Node.acceptor(local(port), new InetSocketAddress("127.0.0.1", port), bootstrap).start();
  }

  /** Starts a replica on {@code port} that joins through {@code bootstrap} (empty: the first). */
  interface ReplicaStarter {
    Node start(int port, List<NodeId> bootstrap) throws IOException;
  }

  /**
   * Starts a first replica, three acceptors and two more replicas joining through the first, into
   * {@code replicas} and {@code acceptors} (so a failure part-way still closes what started).
   * Returns the replicas' addresses.
   */
  static List<String> startJoined(ReplicaStarter starter, List<Node> replicas, List<Node> acceptors)
      throws IOException {
    int first = Addresses.freePort("127.0.0.1");
    replicas.add(starter.start(first, List.of()));
    List<NodeId> boot = List.of(local(first));
    for (int i = 0; i < 3; i++) {
      acceptors.add(acceptor(Addresses.freePort("127.0.0.1"), boot));
    }
    List<String> bootstrap = new ArrayList<>(List.of(local(first).address()));
    for (int i = 0; i < 2; i++) {
      int port = Addresses.freePort("127.0.0.1");
      replicas.add(starter.start(port, boot));
      bootstrap.add(local(port).address());
    }
    return bootstrap;
  }

  @Test
  void joinedReplicasAndAcceptorsServeTheCounter() throws Exception {
    List<Node> nodes = new ArrayList<>();
    List<Node> acceptors = new ArrayList<>();
    try {
      List<String> bootstrap =
          startJoined((port, boot) -> replica(port, boot, CODE), nodes, acceptors);
      try (ConcoordClient client = ConcoordClient.connect(String.join(",", bootstrap))) {
        for (int i = 0; i < 100; i++) {
          client.invoke("increment", void.class);
        }
        int value = client.invoke("getvalue", int.class);
        assertEquals(100, value);
        assertThrows(ConcoordRejectedException.class, () -> client.invoke("nosuch", void.class));
        assertEquals(100, (int) client.invoke("getvalue", int.class));
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (!nodes.get(0).describe().contains("R=[" + String.join(", ", sorted(bootstrap)) + "]")
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50); // bounded polling for the joins to be decided
      }
      String view = nodes.get(0).describe();
      assertTrue(view.contains("R=[" + String.join(", ", sorted(bootstrap)) + "]"), view);
      assertTrue(view.matches(".*A=\\[[^,\\]]+, [^,\\]]+, [^,\\]]+\\].*"), view);
    } finally {
      nodes.forEach(Node::close);
      acceptors.forEach(Node::close);
    }
  }

  @Test
  void aReplicaWithDifferentCodeIsRefusedWithAClearMessage() throws Exception {
    int first = Addresses.freePort("127.0.0.1");
    try (Node bootstrap = replica(first, List.of(), CODE);
        Node acceptor = acceptor(Addresses.freePort("127.0.0.1"), List.of(local(first)));
        Node stranger =
            replica(Addresses.freePort("127.0.0.1"), List.of(local(first)), new byte[] {9})) {
      String fatal = stranger.awaitStop();
      assertTrue(fatal != null && fatal.contains("object code differs"), String.valueOf(fatal));
    }
  }

  static List<String> sorted(List<String> addresses) {
    List<String> copy = new ArrayList<>(addresses);
    copy.sort(null);
    return copy;
  }
}
