package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.client.ConcoordClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptors with durability fsync, real processes, real kill -9: under load, an acceptor of a 3+3
 * instance is killed and restarted on its address and data directory; it recovers its promise and
 * accepted values from its write-ahead log and rejoins (it is still in the view). Then another
 * acceptor is killed: only a majority that counts the restarted one is left, and the object keeps
 * serving. The counter equals the acknowledged increments.
 */
class AcceptorRestartIT {
  static final Pattern RECOVERED =
      Pattern.compile("acceptor\\.log: (\\d+) records; promised (\\S+), (\\d+) pvalues");

  @TempDir Path work;

  @Test
  void anAcceptorKilledUnderLoadRestartsFromItsLogAndCountsInTheNextMajority() throws Exception {
    Path dir = work.resolve("instance");
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work)).plaintext()) {
      String bootstrap = FailuresIT.start(kit, dir, 3, 3);
      List<Deployment.NodeEntry> acceptors =
          Deployment.read(dir).nodes().stream().filter(n -> n.role().equals("acceptor")).toList();
      AtomicInteger acked = new AtomicInteger();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> callers = new ArrayList<>();
      List<ConcoordClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          ConcoordClient client = FailuresIT.client(bootstrap);
          clients.add(client);
          callers.add(startCaller(client, running, acked, failure));
        }
        awaitMore(acked, 200, failure);

        Deployment.NodeEntry first = acceptors.get(0);
        ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
        awaitMore(acked, 200, failure); // two acceptors left: still a majority
        restartFromItsLog(kit, dir, bootstrap, first);

        Deployment.NodeEntry second = acceptors.get(1);
        ProcessHandle.of(second.pid()).ifPresent(ProcessHandle::destroyForcibly);
        awaitMore(acked, 200, failure); // the restarted acceptor is needed for every majority now
      } finally {
        running.set(false);
        for (Thread caller : callers) {
          caller.join(60_000);
        }
      }
      try {
        assertEquals(null, failure.get(), "no call failed");
        try (ConcoordClient reader = FailuresIT.client(bootstrap)) {
          assertEquals(
              acked.get(),
              (int) reader.invoke("getvalue", int.class),
              "the counter equals the acknowledged increments");
        }
      } finally {
        clients.forEach(ConcoordClient::close);
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  /** Increments on {@code client} until {@code running} is cleared or a call fails. */
  private static Thread startCaller(
      ConcoordClient client,
      AtomicBoolean running,
      AtomicInteger acked,
      AtomicReference<Throwable> failure) {
    Thread caller =
        new Thread(
            () -> {
              try {
                while (running.get()) {
                  client.invoke("increment", void.class);
                  acked.incrementAndGet();
                }
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
              }
            });
    caller.start();
    return caller;
  }

  /**
   * Restarts the killed acceptor on its address and data directory, and checks that it recovered
   * records and accepted pvalues from its log.
   */
  private static void restartFromItsLog(
      ProcessKit kit, Path dir, String bootstrap, Deployment.NodeEntry first) throws Exception {
    String port = first.address().substring(first.address().indexOf(':') + 1);
    kit.start(
        "restarted",
        ProcessKit.CONCOORD.toString(),
        "acceptor",
        "-b",
        bootstrap,
        "-p",
        port,
        "--data-dir",
        LocalNodes.dataDirFor(dir.toAbsolutePath().resolve("data"), first.address()).toString());
    String line = kit.awaitLine("restarted", "concoord acceptor " + first.address(), 120);
    Matcher recovered = RECOVERED.matcher(line);
    assertTrue(recovered.find(), line);
    assertTrue(Integer.parseInt(recovered.group(1)) > 0, "it recovered records: " + line);
    assertTrue(Integer.parseInt(recovered.group(3)) > 0, "and accepted pvalues: " + line);
  }

  /** Waits until {@code count} more increments are acknowledged (bounded). */
  static void awaitMore(AtomicInteger acked, int count, AtomicReference<Throwable> failure)
      throws Exception {
    int target = acked.get() + count;
    Poll.until(60, 20, () -> acked.get() >= target || failure.get() != null); // the callers
    if (failure.get() != null) {
      throw new AssertionError("a call failed", failure.get());
    }
    assertTrue(acked.get() >= target, "no progress: " + acked.get() + " of " + target);
  }
}
