package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.concoord.core.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route 53 mode ({@code -t 3 -o FILE}) with real processes. No AWS endpoint is reachable here, so
 * the configuration points the SDK (endpoint override) at a local HTTP endpoint run by this test,
 * which answers as Route 53 does and checks what it receives: a signed ChangeResourceRecordSets for
 * the hosted zone, UPSERTing the replicas' SRV and A records, and again within 2 s of the view when
 * a replica joins.
 */
class NameserverRoute53IT {
  static final String OK =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<ChangeResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
          + "<ChangeInfo><Id>/change/C0123</Id><Status>PENDING</Status>"
          + "<SubmittedAt>2026-11-25T00:00:00.000Z</SubmittedAt></ChangeInfo>"
          + "</ChangeResourceRecordSetsResponse>";

  @TempDir Path work;

  /** A request body with the time it arrived. */
  record Received(long millis, String path, String authorization, String body) {}

  static long awaitBody(List<Received> received, String text) throws Exception {
    return Poll.await(
        60,
        20,
        () -> "no request with " + text + " among " + received.size(),
        () ->
            received.stream()
                .filter(r -> r.body().contains(text))
                .findFirst()
                .map(Received::millis)
                .orElse(null));
  }

  @Test
  void everyViewIsUpsertedToTheHostedZoneAndAJoiningReplicaWithin2s() throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer route53 = startFakeRoute53(received);
    Path dir = work.resolve("instance");
    Path config = work.resolve("route53.conf");
    Files.writeString(
        config,
        "hosted-zone-id = ZTEST123\naccess-key-id = AKIDTEST\n"
            + "secret-access-key = not-a-secret\nendpoint = http://127.0.0.1:"
            + route53.getAddress().getPort()
            + "\n");
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      String bootstrap = NameserverMasterIT.initialize(kit, dir, FailuresIT.COUNTER, "Counter", 2);
      List<NodeId> replicas = NameserverIT.replicasInDeployment(dir);
      try {
        kit.start(
            "route53",
            ProcessKit.CONCOORD.toString(),
            "nameserver",
            "-n",
            "counterdomain",
            "-b",
            bootstrap,
            "-t",
            "3",
            "-o",
            config.toString());
        for (NodeId replica : replicas) {
          String port = replica.address().substring(replica.address().lastIndexOf(':') + 1);
          awaitBody(
              received,
              "<Value>0 1 " + port + " replica-" + port + "-127-0-0-1.counterdomain.</Value>");
        }
        Received first = received.get(0);
        assertEquals("/2013-04-01/hostedzone/ZTEST123/rrset/", first.path());
        assertTrue(
            first.authorization().startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
            first.authorization());
        assertTrue(first.body().contains("<Action>UPSERT</Action>"), first.body());
        assertTrue(
            first.body().contains("<Name>counterdomain.</Name><Type>A</Type>"), first.body());

        aJoiningReplicaIsUpsertedWithin2s(kit, received, replicas, bootstrap);
      } finally {
        kit.run(60, ProcessKit.CONCOORD.toString(), "stop", "--dir", dir.toString());
        route53.stop(0);
      }
    }
  }

  /** Starts an HTTP server that records every request and answers as Route 53 does a change. */
  private static HttpServer startFakeRoute53(List<Received> received) throws IOException {
    HttpServer route53 =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    route53.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  System.currentTimeMillis(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          byte[] reply = OK.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, reply.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
          }
        });
    route53.start();
    return route53;
  }

  /** A replica joining is upserted to the hosted zone within 2 s of the view that added it. */
  private static void aJoiningReplicaIsUpsertedWithin2s(
      ProcessKit kit, List<Received> received, List<NodeId> replicas, String bootstrap)
      throws Exception {
    NameserverIT.Joined joining = NameserverIT.joinCounterReplica(kit, bootstrap, replicas);
    int port = joining.port();
    long viewChanged = joining.viewChangedMillis();
    long upserted =
        awaitBody(
            received,
            "<Value>0 1 " + port + " replica-" + port + "-127-0-0-1.counterdomain.</Value>");
    assertTrue(
        upserted - viewChanged < NameserverIT.FOLLOW_MILLIS,
        "Route 53 was updated " + (upserted - viewChanged) + " ms after the view changed");
  }
}
