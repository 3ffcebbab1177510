package org.concoord.cli;

import static org.concoord.cli.FailuresIT.COUNTER;
import static org.concoord.cli.RecoveryIT.awaitStatus;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.core.NodeId;
import org.concoord.core.command.ReadMode;
import org.concoord.core.message.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads without a log slot (issue 20) between real processes: the leader r1 and one acceptor on
 * 127.0.0.3, the rest on 127.0.0.2. Clients read and increment all along while iptables cuts the
 * leader off (its own reader still asks it, with LEASE reads), the cut heals, and the leader of the
 * moment is killed with kill -9. On the recorded history, no read returns a value older than one
 * already returned to any client before the read began (the counter only grows). Needs root and
 * iptables, like {@link PartitionIT}; skipped, saying why, where the kernel refuses the rules.
 */
class ReadsIT {
  private static final String MAJORITY = "127.0.0.2";
  private static final String MINORITY = "127.0.0.3";

  /** One completed call: its span in nanoseconds, what it returned, and whether it read. */
  record Op(String client, long startNanos, long endNanos, long value, boolean read) {}

  @TempDir Path work;
  private final List<Op> history = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Process> processes = new LinkedHashMap<>();

  @Test
  void readsNeverReturnAnOlderValueThroughALeaderCutAndALeaderKill() throws Exception {
    assumeTrue(ObservabilityIT.Iptables.usable(), "iptables unusable here");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String r1 = node(kit, "r1", "replica", MINORITY, null);
      node(kit, "a1", "acceptor", MAJORITY, r1);
      node(kit, "a2", "acceptor", MAJORITY, r1);
      node(kit, "a3", "acceptor", MINORITY, r1);
      String r2 = node(kit, "r2", "replica", MAJORITY, r1);
      String r3 = node(kit, "r3", "replica", MAJORITY, r1);
      awaitStatus(
          r1,
          s -> s.view().replicas().size() == 3 && s.view().acceptors().size() == 3,
          "a view of 3 replicas and 3 acceptors");
      String all = r1 + "," + r2 + "," + r3;
      ClientOptions quick =
          ClientOptions.defaults()
              .withRequestTimeout(Duration.ofMillis(300))
              .withCallTimeout(Duration.ofSeconds(3));
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> workers =
          List.of(
              worker("writer", all, MAJORITY, quick, false, running),
              worker("reader", all, MAJORITY, quick, true, running),
              // The cut-off leader's reader reads under its lease (on by default): the lease must
              // run out before the majority's new leader, fenced, completes a write.
              worker(
                  "leader-reader", r1, MINORITY, quick.withReads(ReadMode.LEASE), true, running));
      workers.forEach(Thread::start);
      try {
        Thread.sleep(2_000);
        int readsBefore = reads("reader");
        try {
          cut(true); // r1, the leader, and a3 are cut off from the majority
          awaitStatus(
              r2,
              s -> s.leader() != null && !s.leader().address().startsWith(MINORITY),
              "a leader elected on the majority side");
          Thread.sleep(2_000);
        } finally {
          cut(false);
        }
        Thread.sleep(2_000);
        StatusReply leading = awaitLeading(List.of(r1, r2, r3));
        processes.get(name(leading.node().address(), r1, r2, r3)).destroyForcibly();
        Thread.sleep(4_000);
        assertTrue(reads("reader") > readsBefore + 10, "the majority's reader read on");
      } finally {
        running.set(false);
        for (Thread worker : workers) {
          worker.join(10_000);
        }
      }
      assertNoReadGoesBack();
    }
  }

  private void assertNoReadGoesBack() {
    List<Op> ops = new ArrayList<>(history);
    ops.sort(Comparator.comparingLong(Op::endNanos));
    long seenMax = Long.MIN_VALUE;
    Op seenBy = null;
    List<Op> byStart = new ArrayList<>(ops);
    byStart.sort(Comparator.comparingLong(Op::startNanos));
    int completed = 0;
    for (Op read : byStart) {
      while (completed < ops.size() && ops.get(completed).endNanos() < read.startNanos()) {
        Op done = ops.get(completed++);
        if (done.value() > seenMax) {
          seenMax = done.value();
          seenBy = done;
        }
      }
      if (read.read()) {
        long before = seenMax;
        Op witness = seenBy;
        assertTrue(
            read.value() >= before,
            () -> read + " read " + read.value() + " after " + witness + " had returned " + before);
      }
    }
    assertTrue(ops.stream().filter(Op::read).count() > 50, "reads recorded: " + ops.size());
  }

  private int reads(String client) {
    synchronized (history) {
      return (int) history.stream().filter(op -> op.client().equals(client)).count();
    }
  }

  private Thread worker(
      String name,
      String bootstrap,
      String host,
      ClientOptions options,
      boolean reads,
      AtomicBoolean running)
      throws Exception {
    ClientOptions local = options.withLocalAddress(InetAddress.getByName(host));
    return new Thread(
        () -> {
          try (ConcoordClient client = ConcoordClient.connect(bootstrap, local)) {
            while (running.get()) {
              long start = System.nanoTime();
              try {
                long value =
                    reads ? client.invoke("get", long.class) : client.invoke("add", long.class, 1L);
                history.add(new Op(name, start, System.nanoTime(), value, reads));
              } catch (RuntimeException unknownOutcome) {
                // timed out or unavailable: no value, nothing recorded
              }
            }
          }
        },
        "reads-it-" + name);
  }

  private static StatusReply awaitLeading(List<String> replicas) throws Exception {
    return Poll.await(
        60,
        100,
        () -> "no leader within 60 s",
        () -> {
          for (String replica : replicas) {
            StatusReply status = InstanceProbe.status(NodeId.of(replica));
            if (status != null && status.leading()) {
              return status;
            }
          }
          return null;
        });
  }

  private static String name(String address, String r1, String r2, String r3) {
    return address.equals(r1) ? "r1" : address.equals(r2) ? "r2" : "r3";
  }

  private String node(ProcessKit kit, String name, String role, String host, String bootstrap)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessKit.CONCOORD.toString(), role));
    if (role.equals("replica")) {
      command.addAll(List.of("-f", COUNTER, "-c", "Counter", "--remove-after", "0"));
    }
    command.addAll(List.of("-a", host));
    if (bootstrap != null) {
      command.addAll(List.of("-b", bootstrap));
    }
    processes.put(name, kit.start(name, command.toArray(String[]::new)));
    String line = kit.awaitLine(name, "concoord " + role + " " + host + ":", 120);
    return line.substring(line.indexOf(host + ":")).split("\\s")[0];
  }

  /** Cuts the majority's address from the minority's, or heals it. */
  private static void cut(boolean on) throws Exception {
    ObservabilityIT.Iptables.cut(MAJORITY, MINORITY, on);
  }
}
