package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.core.NodeId;
import org.concoord.runtime.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The original's master mode with real processes: a NameserverCoord instance with a master
 * nameserver ({@code --master}) serving every domain registered in it, and two Counter instances
 * whose slave nameservers ({@code -t 2 --coord}) register their views there, reaching the registry
 * through the master's own domain. {@code dig} at the master answers for both domains, follows a
 * replica joining one of them within 2 s of its view, and clients bootstrap through it.
 */
class NameserverMasterIT {
  static final String NAMESERVER_COORD =
      "concoord-objects/src/main/java/org/concoord/objects/NameserverCoord.java";
  @TempDir Path work;

  static String initialize(ProcessKit kit, Path dir, String file, String type, int replicas)
      throws Exception {
    ProcessKit.Result started =
        kit.run(
            240,
            ProcessKit.CONCOORD.toString(),
            "initialize",
            "-f",
            file,
            "-c",
            type,
            "-r",
            Integer.toString(replicas),
            "-a",
            "1",
            "--dir",
            dir.toString());
    assertEquals(0, started.exitCode(), started.output());
    String[] lines = started.output().trim().split("\n");
    return lines[lines.length - 1].trim();
  }

  static String srvLine(NodeId replica, String domain) {
    String port = replica.address().substring(replica.address().lastIndexOf(':') + 1);
    return " " + port + " replica-" + port + "-127-0-0-1." + domain + ".";
  }

  @Test
  void aMasterServesTwoRegisteredDomainsAndFollowsTheirViews() throws Exception {
    Path coordDir = work.resolve("coord");
    Path counterDir = work.resolve("counter");
    Path otherDir = work.resolve("other");
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      try {
        String coord = initialize(kit, coordDir, NAMESERVER_COORD, "NameserverCoord", 1);
        Master master = startMaster(kit, coord);
        int masterDns = master.dns();

        String counter = initialize(kit, counterDir, FailuresIT.COUNTER, "Counter", 2);
        String other = initialize(kit, otherDir, FailuresIT.COUNTER, "Counter", 1);
        String registry = "masterdomain@127.0.0.1:" + masterDns;
        startSlave(kit, "slave-counter", "counterdomain", counter, registry);
        startSlave(kit, "slave-other", "otherdomain", other, registry);

        answersForBothDomains(kit, master, counterDir, otherDir);

        followsAReplicaJoiningWithin2s(kit, masterDns, counter, counterDir);

        aCallBootstrappedThroughTheMasterArrives(kit, masterDns, other);
      } finally {
        for (Path dir : List.of(coordDir, counterDir, otherDir)) {
          if (Files.exists(dir.resolve(Deployment.FILE))) {
            kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
          }
        }
      }
    }
  }

  /** The master nameserver's DNS port and its peer port. */
  private record Master(int dns, int peer) {}

  /**
   * Starts the master nameserver of masterdomain on the NameserverCoord instance at {@code coord},
   * and waits until it answers for that instance.
   */
  private static Master startMaster(ProcessKit kit, String coord) throws Exception {
    int masterDns = LocalNodes.freeDnsPort("127.0.0.1");
    int masterPeer = Addresses.freePort("127.0.0.1");
    kit.start(
        "master",
        ProcessKit.CONCOORD.toString(),
        "nameserver",
        "-n",
        "masterdomain",
        "-b",
        coord,
        "-t",
        "1",
        "--master",
        "-p",
        Integer.toString(masterDns),
        "--addr",
        "127.0.0.1:" + masterPeer);
    Dig.await(
        kit,
        masterDns,
        out -> out.contains(srvLine(NodeId.of(coord), "masterdomain")),
        "the master's own instance",
        "_concoord._tcp.masterdomain",
        "SRV");
    return new Master(masterDns, masterPeer);
  }

  /** Starts a slave nameserver of {@code domain} registering its view at {@code registry}. */
  private static void startSlave(
      ProcessKit kit, String name, String domain, String bootstrap, String registry)
      throws Exception {
    kit.start(
        name,
        ProcessKit.CONCOORD.toString(),
        "nameserver",
        "-n",
        domain,
        "-b",
        bootstrap,
        "-t",
        "2",
        "--coord",
        registry);
  }

  /**
   * The master answers for both registered domains, each with its own replicas, names itself their
   * nameserver, and refuses a domain nobody registered.
   */
  private static void answersForBothDomains(
      ProcessKit kit, Master master, Path counterDir, Path otherDir) throws Exception {
    for (NodeId replica : NameserverIT.replicasInDeployment(counterDir)) {
      Dig.await(
          kit,
          master.dns(),
          out -> out.contains(srvLine(replica, "counterdomain")),
          replica + " under counterdomain",
          "_concoord._tcp.counterdomain",
          "SRV");
    }
    NodeId otherReplica = NameserverIT.replicasInDeployment(otherDir).get(0);
    Dig.await(
        kit,
        master.dns(),
        out -> out.contains(srvLine(otherReplica, "otherdomain")),
        "otherdomain's replica",
        "_concoord._tcp.otherdomain",
        "SRV");
    assertEquals(
        1,
        Dig.answers(Dig.run(kit, master.dns(), "_concoord._tcp.otherdomain", "SRV")).size(),
        "otherdomain lists only its own replica");
    assertEquals(
        List.of("counterdomain. 1 IN NS ns-" + master.peer() + "-127-0-0-1.counterdomain."),
        Dig.answers(Dig.run(kit, master.dns(), "counterdomain", "NS")),
        "the master is the registered domains' nameserver");
    assertTrue(Dig.run(kit, master.dns(), "unregistered.example", "A").contains("status: REFUSED"));
  }

  /** A replica joining counterdomain shows at the master within 2 s of its view. */
  private static void followsAReplicaJoiningWithin2s(
      ProcessKit kit, int masterDns, String counter, Path counterDir) throws Exception {
    NameserverIT.Joined joining =
        NameserverIT.joinCounterReplica(
            kit, counter, NameserverIT.replicasInDeployment(counterDir), counterDir);
    NodeId joined = joining.node();
    long viewChanged = joining.viewChangedMillis();
    long atMaster =
        Dig.awaitAnswer(
            masterDns,
            "_concoord._tcp.counterdomain",
            Type.SRV,
            records -> records.stream().anyMatch(r -> r.contains(srvLine(joined, "counterdomain"))),
            "the new replica at the master");
    assertTrue(
        Dig.run(kit, masterDns, "_concoord._tcp.counterdomain", "SRV")
            .contains(srvLine(joined, "counterdomain")));
    assertTrue(
        atMaster - viewChanged < NameserverIT.FOLLOW_MILLIS,
        "the master followed the view after " + (atMaster - viewChanged) + " ms");
  }

  /** A call bootstrapped by otherdomain through the master reaches otherdomain's instance. */
  private static void aCallBootstrappedThroughTheMasterArrives(
      ProcessKit kit, int masterDns, String other) throws Exception {
    ProcessKit.Result increment =
        kit.run(
            60,
            ProcessKit.CONCOORD.toString(),
            "call",
            "-b",
            "otherdomain@127.0.0.1:" + masterDns,
            "increment");
    ProcessKit.Result value =
        kit.run(60, ProcessKit.CONCOORD.toString(), "call", "-b", other, "getvalue");
    assertEquals(0, increment.exitCode(), increment.output());
    assertEquals("1", value.output().trim(), "the call reached otherdomain's instance");
  }
}
