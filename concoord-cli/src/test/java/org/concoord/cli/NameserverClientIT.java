package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.core.NodeId;
import org.concoord.core.message.StatusReply;
import org.concoord.objects.CounterProxy;
import org.concoord.runtime.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A client built from the generated proxy, given only the domain and the nameserver's address,
 * keeps working while every replica it first found is replaced: two new replicas join, the two
 * original ones are killed with kill -9, and the client finds the new ones by looking the domain up
 * again. The counter equals the increments acknowledged. (The new replicas are given time to replay
 * the log past their own addition first: a replica that has not does not know it is a member, and
 * with every member that knows gone, none would campaign.)
 */
class NameserverClientIT {
  @TempDir Path work;

  static List<Integer> srvPorts(int dnsPort) throws Exception {
    SimpleResolver resolver =
        new SimpleResolver(new java.net.InetSocketAddress("127.0.0.1", dnsPort));
    resolver.setTimeout(Duration.ofSeconds(2));
    Message reply =
        resolver.send(
            Message.newQuery(
                Record.newRecord(
                    Name.fromString("_concoord._tcp.counterdomain."), Type.SRV, DClass.IN)));
    List<Integer> ports = new ArrayList<>();
    for (Record record : reply.getSection(Section.ANSWER)) {
      ports.add(((SRVRecord) record).getPort());
    }
    return ports;
  }

  @Test
  void aProxyBootstrappedByDomainKeepsCountingWhileEveryReplicaIsReplaced() throws Exception {
    Path dir = work.resolve("instance");
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      initializeWithANameserver(kit, dir);
      int dnsPort = NameserverIT.dnsPort(dir);
      List<Deployment.NodeEntry> originals =
          Deployment.read(dir).nodes().stream().filter(n -> n.role().equals("replica")).toList();
      String bootstrap = originals.get(0).address();
      try (CounterProxy counter = new CounterProxy("counterdomain@127.0.0.1:" + dnsPort)) {
        AtomicInteger acked = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = startIncrementing(counter, stop, acked, failure);

        List<Integer> newPorts = startTwoNewReplicas(kit, bootstrap);
        awaitInDnsAndCaughtUp(dnsPort, newPorts);
        int before = acked.get();
        for (Deployment.NodeEntry original : originals) {
          ProcessHandle.of(original.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        Poll.await(
            60,
            50, // the worker's progress
            () -> "no progress after the original replicas were killed: " + acked.get(),
            () -> acked.get() >= before + 100 || failure.get() != null);
        stop.set(true);
        worker.join(60_000);

        assertNull(failure.get(), () -> "the client failed: " + failure.get());
        assertEquals(acked.get(), counter.getvalue(), "every acknowledged increment, once");
        assertTrue(acked.get() >= before + 100);
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  /** Initializes a counter instance of 2 replicas, 1 acceptor and a nameserver of counterdomain. */
  private static void initializeWithANameserver(ProcessKit kit, Path dir) throws Exception {
    ProcessKit.Result started =
        kit.run(
            240,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            FailuresIT.COUNTER,
            "-c",
            "Counter",
            "-r",
            "2",
            "-a",
            "1",
            "-n",
            "1",
            "-s",
            "counterdomain",
            "--dir",
            dir.toString());
    assertEquals(0, started.exitCode(), started.output());
  }

  /** Increments through the proxy until {@code stop} is set or a call fails. */
  private static Thread startIncrementing(
      CounterProxy counter,
      AtomicBoolean stop,
      AtomicInteger acked,
      AtomicReference<Throwable> failure) {
    Thread worker =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  counter.increment();
                  acked.incrementAndGet();
                }
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    worker.start();
    return worker;
  }

  /** Starts two replicas joining through {@code bootstrap}; returns their ports. */
  private static List<Integer> startTwoNewReplicas(ProcessKit kit, String bootstrap)
      throws Exception {
    List<Integer> newPorts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int port = Addresses.freePort("127.0.0.1");
      newPorts.add(port);
      NameserverIT.startCounterReplica(kit, "replica-new-" + i, port, bootstrap);
    }
    return newPorts;
  }

  /** Waits until the new replicas are in DNS, and each has replayed the log past both additions. */
  private static void awaitInDnsAndCaughtUp(int dnsPort, List<Integer> newPorts) throws Exception {
    Poll.await(
        60, 50, () -> "new replicas never in DNS", () -> srvPorts(dnsPort).containsAll(newPorts));
    // A replaced replica must have replayed the log past its own addition before the old
    // ones go: until then it does not know it is a member and would never campaign.
    List<NodeId> fresh = newPorts.stream().map(p -> NodeId.of("127.0.0.1:" + p)).toList();
    for (NodeId replica : fresh) {
      Poll.await(
          60,
          50,
          () -> replica + " never caught up",
          () -> {
            StatusReply status = InstanceProbe.status(replica);
            return status != null
                && status.view() != null
                && status.view().replicas().containsAll(fresh);
          });
    }
  }
}
