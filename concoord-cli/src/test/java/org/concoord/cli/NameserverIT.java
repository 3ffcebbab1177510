package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.concoord.cli.deploy.LocalNodes;
import org.concoord.core.NodeId;
import org.concoord.runtime.Addresses;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * The standalone nameserver with real processes and the real {@code dig}: a local instance with one
 * nameserver started by {@code concoord initialize -n 1}; every record type, the answers following
 * the view within 2 s of a change, the SOA serial rising, NXDOMAIN and REFUSED, TCP. How soon an
 * answer follows is timed with in-JVM queries polled every few milliseconds (spawning dig can take
 * longer than that on a loaded machine); what it says is checked with dig.
 */
class NameserverIT extends NameserverInstance {

  @Test
  void everyRecordTypeAnswersFromTheView() throws Exception {
    List<NodeId> replicas = replicasInDeployment(dir);
    String a = dig(DOMAIN, "A");
    String srv = dig("_concoord._tcp." + DOMAIN, "SRV");
    String txt = dig(DOMAIN, "TXT");
    String ns = dig(DOMAIN, "NS");
    String soa = dig(DOMAIN, "SOA");

    assertTrue(a.contains("status: NOERROR") && a.contains("flags: qr aa"), a);
    assertTrue(answers(a).contains("counterdomain. 1 IN A 127.0.0.1"), a);
    for (NodeId replica : replicas) {
      String port = replica.address().substring(replica.address().lastIndexOf(':') + 1);
      assertTrue(
          answers(srv)
              .contains(
                  "_concoord._tcp.counterdomain. 1 IN SRV 0 1 "
                      + port
                      + " replica-"
                      + port
                      + "-127-0-0-1.counterdomain."),
          srv);
      assertTrue(
          srv.matches(
              "(?s).*ADDITIONAL SECTION:.*replica-"
                  + port
                  + "-127-0-0-1\\.counterdomain\\.\\s+1\\s+IN\\s+A\\s+127\\.0\\.0\\.1.*"),
          srv);
      assertTrue(answers(txt).contains("counterdomain. 1 IN TXT \"replica " + replica + "\""), txt);
      String target = dig("replica-" + port + "-127-0-0-1." + DOMAIN, "A");
      assertEquals(
          List.of("replica-" + port + "-127-0-0-1.counterdomain. 1 IN A 127.0.0.1"),
          answers(target));
    }
    assertTrue(answers(txt).stream().anyMatch(r -> r.contains("\"acceptor 127.0.0.1:")), txt);
    assertTrue(answers(txt).stream().anyMatch(r -> r.contains("\"nameserver 127.0.0.1:")), txt);
    assertTrue(
        answers(ns).stream()
            .allMatch(
                r -> r.matches("counterdomain\\. 1 IN NS ns-\\d+-127-0-0-1\\.counterdomain\\.")),
        ns);
    assertTrue(
        ns.matches(
            "(?s).*ADDITIONAL SECTION:\\s+ns-\\d+-127-0-0-1\\.counterdomain\\.\\s+1"
                + "\\s+IN\\s+A\\s+127\\.0\\.0\\.1.*"),
        ns);
    assertTrue(
        answers(soa)
            .get(0)
            .matches(
                "counterdomain\\. 1 IN SOA ns-\\d+-127-0-0-1"
                    + "\\.counterdomain\\. hostmaster\\.counterdomain\\. \\d+ 60 10 3600 1"),
        soa);
  }

  @Test
  void namesOutsideTheZoneAreRefusedAndUnknownNamesInsideAreNxdomain() throws Exception {
    String unknown = dig("nosuch." + DOMAIN, "A");
    String outside = dig("example.com", "A");
    String noData = dig(DOMAIN, "MX");

    assertTrue(unknown.contains("status: NXDOMAIN"), unknown);
    assertTrue(unknown.contains("AUTHORITY SECTION"), "the SOA for negative caching: " + unknown);
    assertTrue(outside.contains("status: REFUSED"), outside);
    assertTrue(noData.contains("status: NOERROR") && noData.contains("ANSWER: 0"), noData);
  }

  @Test
  void tcpAnswersTheSameAsUdp() throws Exception {
    String udp = dig("_concoord._tcp." + DOMAIN, "SRV");
    String tcp = dig("+tcp", "_concoord._tcp." + DOMAIN, "SRV");

    assertTrue(tcp.contains("(TCP)"), tcp);
    assertEquals(answers(udp).stream().sorted().toList(), answers(tcp).stream().sorted().toList());
  }

  @Test
  void statusListsTheNameserverWithItsDnsPort() throws Exception {
    ProcessKit.Result status =
        kit.run(60, ProcessKit.CONCOORD.toString(), "status", "--dir", dir.toString());

    assertEquals(0, status.exitCode(), status.output());
    assertTrue(
        status
            .output()
            .matches(
                "(?s).*nameserver\\s+127\\.0\\.0\\.1:\\d+\\s+up.*dns "
                    + "127\\.0\\.0\\.1:"
                    + dnsPort
                    + ".*"),
        status.output());
  }

  @Test
  void aReplicaJoiningOnIpv6AndANameserverJoiningShowWithin2sWithARisingSerial() throws Exception {
    List<NodeId> replicas = replicasInDeployment(dir);
    long serialBefore = serial();
    int port = Addresses.freePort("127.0.0.1");
    startReplica("replica-v6", "[::1]", port);
    NodeId joined = NodeId.of("[::1]:" + port);

    long viewChanged = awaitView(replicas, v -> v.replicas().contains(joined), joined + " in");
    long dnsChanged =
        Dig.awaitAnswer(
            dnsPort,
            "_concoord._tcp." + DOMAIN,
            Type.SRV,
            records -> records.stream().anyMatch(r -> r.contains(" " + port + " replica-" + port)),
            "the new SRV");
    assertTrue(
        dig("_concoord._tcp." + DOMAIN, "SRV")
            .contains(" " + port + " replica-" + port + "-0-0-0-0-0-0-0-1.counterdomain."));

    System.out.println(
        "NameserverIT: DNS showed the joined replica "
            + (dnsChanged - viewChanged)
            + " ms after the view did");
    assertTrue(
        dnsChanged - viewChanged < FOLLOW_MILLIS,
        "DNS followed the view after " + (dnsChanged - viewChanged) + " ms");
    assertTrue(answers(dig(DOMAIN, "AAAA")).contains("counterdomain. 1 IN AAAA ::1"));
    long serialAfterReplica = serial();
    assertTrue(serialAfterReplica > serialBefore, serialBefore + " -> " + serialAfterReplica);

    aSecondNameserverJoiningShowsWithin2s(replicas, port, serialAfterReplica);
  }

  /**
   * A second nameserver, started with the command itself, bootstrapping by the domain name: the NS
   * records show it within 2 s of its view, the serial rises again, and it serves the same serial
   * and the replica joined on {@code port}.
   */
  private static void aSecondNameserverJoiningShowsWithin2s(
      List<NodeId> replicas, int port, long serialAfterReplica) throws Exception {
    int peerPort = Addresses.freePort("127.0.0.1");
    int secondDns = LocalNodes.freeDnsPort("127.0.0.1");
    kit.start(
        "nameserver-2",
        ProcessKit.CONCOORD.toString(),
        "nameserver",
        "-n",
        DOMAIN,
        "-b",
        DOMAIN + "@127.0.0.1:" + dnsPort,
        "-t",
        "1",
        "-p",
        Integer.toString(secondDns),
        "--addr",
        "127.0.0.1:" + peerPort);
    long nsChanged =
        awaitView(
            replicas,
            v -> v.nameservers().contains(NodeId.of("127.0.0.1:" + peerPort)),
            "the nameserver in");
    long nsInDns =
        Dig.awaitAnswer(
            dnsPort,
            DOMAIN,
            Type.NS,
            records -> records.stream().anyMatch(r -> r.contains("ns-" + peerPort + "-127-0-0-1")),
            "the new NS");
    assertTrue(dig(DOMAIN, "NS").contains("ns-" + peerPort + "-127-0-0-1.counterdomain."));
    assertTrue(nsInDns - nsChanged < FOLLOW_MILLIS, "NS after " + (nsInDns - nsChanged) + " ms");
    long serialAfterNameserver = serial();
    assertTrue(serialAfterNameserver > serialAfterReplica);
    Dig.await(
        kit,
        secondDns,
        out -> out.contains("replica-" + port + "-0-0-0-0-0-0-0-1"),
        "the second nameserver answering",
        "_concoord._tcp." + DOMAIN,
        "SRV");
    assertEquals(
        serialAfterNameserver,
        Long.parseLong(answers(dig(secondDns, DOMAIN, "SOA")).get(0).split(" ")[6]),
        "both nameservers serve the same serial for the same view");
  }

  @Test
  void aKilledReplicaIsRemovedFromTheAnswersWithin2sOfTheViewChange() throws Exception {
    int port = Addresses.freePort("127.0.0.1");
    Process replica = startReplica("replica-doomed", "127.0.0.1", port);
    NodeId doomed = NodeId.of("127.0.0.1:" + port);
    List<NodeId> replicas = replicasInDeployment(dir);
    awaitView(replicas, v -> v.replicas().contains(doomed), doomed + " in");
    awaitDig(
        out -> out.contains(" " + port + " replica-" + port),
        "the SRV",
        "_concoord._tcp." + DOMAIN,
        "SRV");
    long serialBefore = serial();

    replica.descendants().forEach(ProcessHandle::destroyForcibly);
    replica.destroyForcibly();
    long removed = awaitView(replicas, v -> !v.replicas().contains(doomed), doomed + " out");
    long dnsRemoved =
        Dig.awaitAnswer(
            dnsPort,
            "_concoord._tcp." + DOMAIN,
            Type.SRV,
            records -> records.stream().noneMatch(r -> r.contains(" " + port + " replica-" + port)),
            "the SRV gone");
    assertFalse(dig("_concoord._tcp." + DOMAIN, "SRV").contains(" " + port + " replica-" + port));

    assertTrue(dnsRemoved - removed < FOLLOW_MILLIS, "after " + (dnsRemoved - removed) + " ms");
    assertNotEquals(serialBefore, serial());
  }

  @Test
  void badNameserverInputIsAClearErrorAndTheClientNamesADomainWithoutNodes() throws Exception {
    ProcessKit.Result slave = runNameserver(DOMAIN, "-t", "2");
    ProcessKit.Result route53 = runNameserver(DOMAIN, "-t", "3");
    ProcessKit.Result noType = runNameserver(DOMAIN, "-t", "4");
    ProcessKit.Result badDomain = runNameserver("bad..domain", "-p", "0");
    ProcessKit.Result unknown =
        kit.run(
            60,
            ProcessKit.CONCOORD.toString(),
            "call",
            "-b",
            "otherdomain@127.0.0.1:" + dnsPort,
            "get");

    assertEquals(2, slave.exitCode(), slave.output());
    assertTrue(slave.output().contains("-t 2 needs -m MASTER"), slave.output());
    assertEquals(2, route53.exitCode(), route53.output());
    assertTrue(route53.output().contains("-t 3 needs -o FILE"), route53.output());
    assertEquals(2, noType.exitCode(), noType.output());
    assertTrue(noType.output().contains("-t 4 is not a type"), noType.output());
    assertEquals(2, badDomain.exitCode(), badDomain.output());
    assertTrue(badDomain.output().contains("not a domain name"), badDomain.output());
    assertEquals(1, unknown.exitCode(), unknown.output());
    assertTrue(
        unknown.output().contains("no SRV record for _concoord._tcp.otherdomain."),
        unknown.output());
  }

  /** Runs {@code concoord nameserver -n domain -b bootstrap option value}, 60 s at most. */
  private static ProcessKit.Result runNameserver(String domain, String option, String value)
      throws Exception {
    return kit.run(
        60,
        ProcessKit.CONCOORD.toString(),
        "nameserver",
        "-n",
        domain,
        "-b",
        bootstrap,
        option,
        value);
  }

  @Test
  void anyGetsTheMinimalAnswerOfRfc8482() throws Exception {
    String output = dig(DOMAIN, "ANY");
    List<String> records = answers(output);
    assertEquals(1, records.size(), output);
    assertTrue(records.get(0).contains("HINFO \"RFC8482\""), output);
    assertTrue(answers(dig(DOMAIN, "SOA")).size() == 1, "other types are answered as before");
  }

  /**
   * A UDP flood from 127.0.0.1 for 3 s gets at most the burst plus the rate (200 + 100/s by
   * default); meanwhile dig from 127.0.0.2 is answered.
   */
  @Test
  void aFloodFromOneSourceIsRateLimitedWhileAnotherSourceIsAnswered() throws Exception {
    byte[] query =
        org.xbill.DNS.Message.newQuery(
                org.xbill.DNS.Record.newRecord(
                    org.xbill.DNS.Name.fromString(DOMAIN + "."),
                    org.xbill.DNS.Type.SOA,
                    org.xbill.DNS.DClass.IN))
            .toWire();
    java.net.InetSocketAddress server = new java.net.InetSocketAddress("127.0.0.1", dnsPort);
    java.util.concurrent.atomic.AtomicLong replies = new java.util.concurrent.atomic.AtomicLong();
    long sent = 0;
    double seconds;
    try (java.net.DatagramSocket flooder =
        new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0))) {
      flooder.setSoTimeout(500);
      Thread counter = countReplies(flooder, replies);
      long start = System.nanoTime();
      ProcessKit.Result other = null;
      while (System.nanoTime() - start < 3_000_000_000L) {
        for (int i = 0; i < 100; i++) {
          flooder.send(new java.net.DatagramPacket(query, query.length, server));
          sent++;
        }
        if (other == null && System.nanoTime() - start > 1_000_000_000L) {
          // The flood is on and past its burst: another source still gets its answer.
          other = digFromAnotherSource();
        }
      }
      seconds = (System.nanoTime() - start) / 1e9;
      counter.join(30_000);
      assertTrue(
          other != null && other.exitCode() == 0 && answers(other.output()).size() == 1,
          "dig from 127.0.0.2 during the flood: " + (other == null ? "not run" : other.output()));
    }
    long bound = 200 + Math.round(100 * (seconds + 1));
    assertTrue(sent > 2 * bound, "the flood exceeded the limit: " + sent + " queries sent");
    assertTrue(
        replies.get() <= bound,
        replies.get() + " replies to " + sent + " queries in " + seconds + " s, over " + bound);
    assertTrue(replies.get() > 0, "the flooder was answered up to its rate");
  }

  /** Counts the replies {@code flooder} receives until none came for 500 ms. */
  private static Thread countReplies(
      java.net.DatagramSocket flooder, java.util.concurrent.atomic.AtomicLong replies) {
    Thread counter =
        new Thread(
            () -> {
              byte[] buffer = new byte[4096];
              while (true) {
                try {
                  flooder.receive(new java.net.DatagramPacket(buffer, buffer.length));
                  replies.incrementAndGet();
                } catch (java.net.SocketTimeoutException quiet) {
                  return; // nothing for 500 ms after the flood: all replies are in
                } catch (java.io.IOException closed) {
                  return;
                }
              }
            });
    counter.start();
    return counter;
  }

  /** dig from 127.0.0.2 for the domain's SOA. */
  private static ProcessKit.Result digFromAnotherSource() throws Exception {
    return kit.run(
        30,
        "dig",
        "-b",
        "127.0.0.2",
        "@127.0.0.1",
        "-p",
        Integer.toString(dnsPort),
        "+time=2",
        "+tries=1",
        "+norec",
        DOMAIN,
        "SOA");
  }
}
