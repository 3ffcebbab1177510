package org.concoord.runtime.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.concoord.core.NodeId;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Outcome;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.objects.Counter;
import org.concoord.objects.Lock;
import org.concoord.runtime.Addresses;
import org.concoord.runtime.Node;
import org.concoord.runtime.NodeTestKit;
import org.junit.jupiter.api.Test;

/** The admin listener of real nodes on loopback: metrics, health, status and the page's files. */
class AdminServerTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> get(AdminServer server, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code path} until its answer has {@code code} and contains {@code text}. */
  private HttpResponse<String> await(AdminServer server, String path, int code, String text)
      throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    HttpResponse<String> response = get(server, path);
    while (response.statusCode() != code || !response.body().contains(text)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            path
                + " never answered "
                + code
                + " with '"
                + text
                + "'; last: "
                + response.statusCode()
                + " "
                + response.body());
      }
      Thread.sleep(100); // bounded polling of a real listener
      response = get(server, path);
    }
    return response;
  }

  @Test
  void replicaServesMetricsHealthStatusAndThePage() throws Exception {
    int replicaPort = Addresses.freePort("127.0.0.1");
    int acceptorPort = Addresses.freePort("127.0.0.1");
    NodeId replicaId = NodeId.of("127.0.0.1:" + replicaPort);
    try (Node replica =
            Node.replica(
                    replicaId,
                    new InetSocketAddress("127.0.0.1", replicaPort),
                    new ObjectHost(Counter.class),
                    new byte[] {1},
                    List.of(),
                    ReplicaConfig.defaults())
                .start();
        AdminServer admin =
            AdminServer.start(
                replica.metrics(),
                new AdminConfig(new InetSocketAddress("127.0.0.1", 0), null, 100))) {
      // A lone replica without an acceptor leads nothing yet: not ready, but live.
      assertEquals(200, await(admin, "/livez", 200, "ok").statusCode());
      assertTrue(get(admin, "/readyz").statusCode() == 503);
      try (Node acceptor =
          Node.acceptor(
                  NodeId.of("127.0.0.1:" + acceptorPort),
                  new InetSocketAddress("127.0.0.1", acceptorPort),
                  List.of(replicaId))
              .start()) {
        await(admin, "/readyz", 200, "ready");
        assertEquals(Outcome.OK, NodeTestKit.call(replicaPort, 7, 1, "increment").outcome());
        assertEquals(Outcome.OK, NodeTestKit.call(replicaPort, 7, 2, "increment").outcome());
        assertMetricsOfTwoIncrements(admin, replicaId);
        assertStatusAndThePage(admin, replicaId);
      }
    }
  }

  /** The metrics after two increments on the replica that leads with its acceptor. */
  private void assertMetricsOfTwoIncrements(AdminServer admin, NodeId replicaId) throws Exception {
    String metrics =
        await(
                admin,
                "/metrics",
                200,
                "concoord_server_proposals_committed_total{node=\""
                    + replicaId
                    + "\",role=\"replica\"} 2.0")
            .body();
    assertTrue(
        metrics.contains(
            "concoord_server_has_leader{node=\"" + replicaId + "\",role=\"replica\"} 1.0"),
        metrics);
    assertTrue(
        metrics.contains(
            "concoord_server_call_duration_seconds_count{method="
                + "\"increment\",node=\""
                + replicaId
                + "\",role=\"replica\"} 2"),
        metrics);
    assertTrue(
        metrics.contains(
            "concoord_network_received_bytes_total{node=\"" + replicaId + "\",role=\"replica\"}"),
        metrics);
    assertTrue(
        !metrics.contains(
            "concoord_network_connections_opened_total{node=\""
                + replicaId
                + "\",role=\"replica\"} 0.0"),
        metrics);
  }

  /** The status (both nodes), the node's state, the page and its script, and a 404. */
  private void assertStatusAndThePage(AdminServer admin, NodeId replicaId) throws Exception {
    String status = get(admin, "/status").body();
    assertTrue(
        status.contains(
            "\"role\":\"replica\",\"address\":\""
                + replicaId
                + "\",\"state\":\"up\",\"leading\":true"),
        status);
    assertTrue(status.contains("\"role\":\"acceptor\""), status);
    assertTrue(get(admin, "/node").body().contains("\"committed\":2"));
    assertTrue(get(admin, "/").body().contains("<script src=\"uplot.js\">"));
    assertTrue(get(admin, "/uplot.js").body().contains("uPlot"));
    assertEquals(404, get(admin, "/nothing-here").statusCode());
  }

  @Test
  void replicaOfALockExposesItsFencingToken() throws Exception {
    int replicaPort = Addresses.freePort("127.0.0.1");
    int acceptorPort = Addresses.freePort("127.0.0.1");
    NodeId replicaId = NodeId.of("127.0.0.1:" + replicaPort);
    try (Node replica =
            Node.replica(
                    replicaId,
                    new InetSocketAddress("127.0.0.1", replicaPort),
                    new ObjectHost(Lock.class),
                    new byte[] {2},
                    List.of(),
                    ReplicaConfig.defaults())
                .start();
        Node acceptor =
            Node.acceptor(
                    NodeId.of("127.0.0.1:" + acceptorPort),
                    new InetSocketAddress("127.0.0.1", acceptorPort),
                    List.of(replicaId))
                .start();
        AdminServer admin =
            AdminServer.start(
                replica.metrics(),
                new AdminConfig(new InetSocketAddress("127.0.0.1", 0), null, 100))) {
      assertEquals(Outcome.OK, NodeTestKit.call(replicaPort, 7, 1, "acquire").outcome());
      assertEquals(Outcome.OK, NodeTestKit.call(replicaPort, 7, 2, "release").outcome());
      assertEquals(Outcome.OK, NodeTestKit.call(replicaPort, 8, 1, "acquire").outcome());
      await(
          admin,
          "/metrics",
          200,
          "concoord_object_fencing_token{lock=\"this\",node=\""
              + replicaId
              + "\",role=\"replica\"} 2.0");
    }
  }
}
