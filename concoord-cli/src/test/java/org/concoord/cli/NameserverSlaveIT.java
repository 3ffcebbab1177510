package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.core.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Slave mode ({@code -t 2}) against a real BIND 9 (Debian's {@code named}) started by the test on a
 * loopback port, with a zone that accepts RFC 2136 updates signed by a TSIG key: {@code dig} at
 * BIND returns the view, and follows a replica joining within 2 s of the view; a slave with the
 * wrong key is refused by BIND and says so, and changes nothing.
 */
class NameserverSlaveIT {
  static final String DOMAIN = "counterdomain";
  @TempDir Path work;

  static String key(String name) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return "key \""
        + name
        + "\" {\n\talgorithm hmac-sha256;\n\tsecret \""
        + Base64.getEncoder().encodeToString(secret)
        + "\";\n};\n";
  }

  /** named.conf and the zone file for a primary zone that the key may update. */
  static Path bindConfig(Path dir, int port, Path key) throws Exception {
    Files.writeString(
        dir.resolve("counterdomain.zone"),
        String.join(
            "\n",
            "$TTL 60",
            "@   IN SOA ns.counterdomain. hostmaster.counterdomain. 1 60 10 3600 1",
            "@   IN NS  ns.counterdomain.",
            "ns  IN A   127.0.0.1",
            ""));
    Path conf = dir.resolve("named.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "options {",
            "  directory \"" + dir + "\";",
            "  listen-on port " + port + " { 127.0.0.1; };",
            "  listen-on-v6 { none; };",
            "  pid-file \"" + dir.resolve("named.pid") + "\";",
            "  recursion no;",
            "  dnssec-validation no;",
            "  allow-transfer { none; };",
            "};",
            "controls { };",
            "include \"" + key + "\";",
            "zone \"counterdomain\" {",
            "  type primary;",
            "  file \"" + dir.resolve("counterdomain.zone") + "\";",
            "  update-policy { grant concoord-key zonesub ANY; };",
            "};",
            ""));
    return conf;
  }

  @Test
  void bindAnswersTheViewAndFollowsAReplicaJoiningAndAWrongKeyIsRefused() throws Exception {
    Path bindDir = Files.createDirectories(work.resolve("bind"));
    Path key = bindDir.resolve("concoord.key");
    Files.writeString(key, key("concoord-key"));
    Path wrongKey = work.resolve("wrong.key");
    Files.writeString(wrongKey, key("concoord-key"));
    int bindPort = LocalNodes.freeDnsPort("127.0.0.1");
    Path dir = work.resolve("instance");
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      kit.start("named", "named", "-g", "-c", bindConfig(bindDir, bindPort, key).toString());
      kit.awaitLine("named", "running", 60);
      String bootstrap = NameserverMasterIT.initialize(kit, dir, FailuresIT.COUNTER, "Counter", 2);
      List<NodeId> replicas = NameserverIT.replicasInDeployment(dir);
      try {
        startSlave(kit, "slave", bootstrap, bindPort, key);

        bindAnswersTheView(kit, bindPort, replicas);

        bindFollowsAReplicaJoiningWithin2s(kit, bindPort, bootstrap, replicas);

        String before = Dig.run(kit, bindPort, "_concoord._tcp." + DOMAIN, "SRV");
        startSlave(kit, "slave-wrong-key", bootstrap, bindPort, wrongKey);
        String refused = kit.awaitLine("slave-wrong-key", "failed: the master answered", 60);
        assertTrue(refused.contains("NOTAUTH") || refused.contains("REFUSED"), refused);
        assertEquals(
            Dig.answers(before).stream().sorted().toList(),
            Dig.answers(Dig.run(kit, bindPort, "_concoord._tcp." + DOMAIN, "SRV")).stream()
                .sorted()
                .toList());
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
      }
    }
  }

  /**
   * Starts a slave nameserver of the domain updating BIND at {@code bindPort}, signed by {@code
   * key}.
   */
  private static void startSlave(
      ProcessKit kit, String name, String bootstrap, int bindPort, Path key) throws Exception {
    kit.start(
        name,
        ProcessKit.CONCOORD.toString(),
        "nameserver",
        "-n",
        DOMAIN,
        "-b",
        bootstrap,
        "-t",
        "2",
        "-m",
        "127.0.0.1:" + bindPort,
        "--tsig-file",
        key.toString());
  }

  /**
   * BIND answers every replica's SRV and A record, the domain's A and TXT records, and keeps its
   * own NS.
   */
  private static void bindAnswersTheView(ProcessKit kit, int bindPort, List<NodeId> replicas)
      throws Exception {
    for (NodeId replica : replicas) {
      String port = replica.address().substring(replica.address().lastIndexOf(':') + 1);
      Dig.await(
          kit,
          bindPort,
          out -> out.contains(" " + port + " replica-" + port + "-127-0-0-1.counterdomain."),
          "replica " + replica + " at BIND",
          "_concoord._tcp." + DOMAIN,
          "SRV");
      assertEquals(
          List.of("replica-" + port + "-127-0-0-1.counterdomain. 1 IN A 127.0.0.1"),
          Dig.answers(Dig.run(kit, bindPort, "replica-" + port + "-127-0-0-1." + DOMAIN, "A")));
    }
    assertEquals(
        List.of("counterdomain. 1 IN A 127.0.0.1"),
        Dig.answers(Dig.run(kit, bindPort, DOMAIN, "A")));
    String txt = Dig.run(kit, bindPort, DOMAIN, "TXT");
    assertTrue(
        txt.contains("\"acceptor 127.0.0.1:") && txt.contains("\"nameserver 127.0.0.1:"), txt);
    assertTrue(
        Dig.answers(Dig.run(kit, bindPort, DOMAIN, "NS"))
            .contains("counterdomain. 60 IN NS ns.counterdomain."),
        "BIND keeps its own NS");
  }

  /** A replica joining shows at BIND within 2 s of the view that added it. */
  private static void bindFollowsAReplicaJoiningWithin2s(
      ProcessKit kit, int bindPort, String bootstrap, List<NodeId> replicas) throws Exception {
    NameserverIT.Joined joining = NameserverIT.joinCounterReplica(kit, bootstrap, replicas);
    int port = joining.port();
    long viewChanged = joining.viewChangedMillis();
    long atBind =
        Dig.awaitAnswer(
            bindPort,
            "_concoord._tcp." + DOMAIN,
            Type.SRV,
            records -> records.stream().anyMatch(r -> r.contains(" " + port + " replica-" + port)),
            "the new replica at BIND");
    assertTrue(
        Dig.run(kit, bindPort, "_concoord._tcp." + DOMAIN, "SRV")
            .contains(" " + port + " replica-" + port + "-127-0-0-1.counterdomain."));
    assertTrue(
        atBind - viewChanged < NameserverIT.FOLLOW_MILLIS,
        "BIND followed the view after " + (atBind - viewChanged) + " ms");
  }
}
