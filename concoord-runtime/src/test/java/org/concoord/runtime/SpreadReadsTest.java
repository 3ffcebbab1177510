package org.concoord.runtime;

import static org.concoord.runtime.ClusterTest.CODE;
import static org.concoord.runtime.ClusterTest.local;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.concoord.client.ConcoordClient;
import org.concoord.core.NodeId;
import org.concoord.core.command.ReadMode;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.ReadOnly;
import org.concoord.core.replica.ReplicaConfig;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's sequential and bounded reads spread by the real client library over real TCP on
 * loopback (three replicas, three acceptors in one JVM): they are answered by more than one
 * replica, and a client never reads a value older than one it read or wrote before, while it and
 * another client write now and then.
 */
class SpreadReadsTest {
  static final int ROUNDS = 300;

  /** A counter whose read is marked read-only, so that any replica may answer it. */
  public static final class Tally {
    private long value;

    public void increment() {
      value++;
    }

    @ReadOnly
    public long getvalue() {
      return value;
    }
  }

  static Node replica(int port, List<NodeId> bootstrap, byte[] code) throws IOException {
    return Node.replica(
            local(port),
            new InetSocketAddress("127.0.0.1", port),
            new ObjectHost(Tally.class),
            code,
            bootstrap,
            ReplicaConfig.defaults())
        .start();
  }

  @Test
  void sequentialAndBoundedReadsReachSeveralReplicasAndNeverGoBackInTime() throws Exception {
    List<Node> replicas = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    try {
      List<String> bootstrap =
          ClusterTest.startJoined((port, boot) -> replica(port, boot, CODE), replicas, nodes);
      String all = String.join(",", bootstrap);
      awaitView(replicas.get(0), bootstrap);
      try (ConcoordClient writer = ConcoordClient.connect(all);
          ConcoordClient reader = ConcoordClient.connect(all)) {
        long[] before = answeredReads(replicas);
        readMonotonically(reader, writer);
        long[] after = answeredReads(replicas);
        int answering = 0;
        for (int i = 0; i < after.length; i++) {
          answering += after[i] > before[i] ? 1 : 0;
        }
        assertTrue(
            answering >= 2,
            "getvalue answered per replica, before "
                + Arrays.toString(before)
                + " and after "
                + Arrays.toString(after));
      }
    } finally {
      nodes.forEach(Node::close);
      replicas.forEach(Node::close);
    }
  }

  /**
   * Reads in both spread modes, with a write of its own now and then and writes of another client
   * between: no read is below the highest value this client read or wrote before it.
   */
  private static void readMonotonically(ConcoordClient client, ConcoordClient writer) {
    ConcoordClient sequential = client.withReads(ReadMode.SEQUENTIAL);
    ConcoordClient bounded = client.withReads(ReadMode.bounded(1_000));
    sequential.invoke("increment", void.class); // opens the session through the log
    long floor = sequential.<Long>invoke("getvalue", long.class);
    for (int i = 0; i < ROUNDS; i++) {
      long value = (i % 2 == 0 ? sequential : bounded).<Long>invoke("getvalue", long.class);
      assertTrue(value >= floor, "read " + i + " went back in time: " + value + " < " + floor);
      floor = value;
      if (i % 10 == 9) {
        sequential.invoke("increment", void.class);
        floor++; // its own write: at least one above what it read last
      }
      if (i % 20 == 4) {
        writer.invoke("increment", void.class); // the followers lag now and then
      }
    }
  }

  /** The getvalue calls each replica answered OK so far (its own metrics). */
  private static long[] answeredReads(List<Node> replicas) {
    long[] answered = new long[replicas.size()];
    for (int i = 0; i < replicas.size(); i++) {
      for (MetricSnapshot metric : replicas.get(i).metrics().registry().scrape()) {
        if (metric instanceof CounterSnapshot counter
            && metric.getMetadata().getName().startsWith("concoord_server_calls")) {
          for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
            if ("getvalue".equals(point.getLabels().get("method"))
                && "ok".equals(point.getLabels().get("outcome"))) {
              answered[i] += (long) point.getValue();
            }
          }
        }
      }
    }
    return answered;
  }

  private static void awaitView(Node first, List<String> bootstrap) throws InterruptedException {
    String replicas = "R=[" + String.join(", ", ClusterTest.sorted(bootstrap)) + "]";
    long deadline = System.currentTimeMillis() + 20_000;
    while (!first.describe().contains(replicas) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50); // bounded polling for the joins to be decided
    }
    assertTrue(first.describe().contains(replicas), first.describe());
  }
}
