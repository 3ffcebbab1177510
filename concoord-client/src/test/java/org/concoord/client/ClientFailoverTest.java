package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.concoord.client.TestReplicaServer.Mode;
import org.concoord.client.TestReplicaServer.Received;
import org.concoord.core.NodeId;
import org.concoord.objects.Counter;
import org.concoord.objects.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Finding the leader and surviving nodes that redirect, hang up or go silent. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientFailoverTest {
  private static final ClientOptions QUICK =
      ClientOptions.defaults()
          .withConnectTimeout(Duration.ofSeconds(2))
          .withRequestTimeout(Duration.ofMillis(300))
          .withCallTimeout(Duration.ofSeconds(20));

  private TestReplicaServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** A client that tries the given ports in exactly this order. */
  private ConcoordClient clientTrying(ClientOptions options, Mode... modes) {
    List<NodeId> nodes = java.util.Arrays.stream(modes).map(server::node).toList();
    return ConcoordClient.connect(new StaticBootstrap(nodes), options);
  }

  @Test
  void notLeaderWithHintRedirectsToTheLeaderWithTheSameSeq() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    try (ConcoordClient client = ConcoordClient.connect(server.address(Mode.FOLLOWER), QUICK)) {
      client.invoke("increment", void.class);
      assertEquals(1, (int) client.<Integer>invoke("getvalue", int.class));
      List<Received> received = server.received();
      assertEquals(new Received(Mode.FOLLOWER, received.get(0).command()), received.get(0));
      assertEquals(new Received(Mode.LEADER, received.get(0).command()), received.get(1));
    }
  }

  @Test
  void notLeaderWithoutHintTriesTheNextNodeOfTheBootstrap() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    try (ConcoordClient client = clientTrying(QUICK, Mode.CLUELESS_FOLLOWER, Mode.LEADER)) {
      client.invoke("increment", void.class);
      assertEquals(1, (int) client.<Integer>invoke("getvalue", int.class));
      assertEquals(Mode.CLUELESS_FOLLOWER, server.received().get(0).mode());
    }
  }

  @Test
  void silentNodeIsLeftAfterTheRequestTimeoutAndTheResentSeqExecutesOnce() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    try (ConcoordClient client = clientTrying(QUICK, Mode.FORWARD_SILENTLY, Mode.LEADER)) {
      client.invoke("increment", void.class); // executed via the silent node, answered by the next
      assertEquals(2, server.timesReceived(client.clientId(), 1));
      List<Received> received = server.received();
      assertEquals(Mode.FORWARD_SILENTLY, received.get(0).mode());
      assertEquals(Mode.LEADER, received.get(1).mode());
      assertEquals(received.get(0).command(), received.get(1).command());
      assertEquals(1, (int) client.<Integer>invoke("getvalue", int.class));
    }
  }

  @Test
  void lostConnectionIsReplacedAndTheResentSeqExecutesOnce() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    ClientOptions patient = QUICK.withRequestTimeout(Duration.ofSeconds(5));
    try (ConcoordClient client = clientTrying(patient, Mode.FORWARD_THEN_HANG_UP, Mode.LEADER)) {
      long started = System.nanoTime();
      client.invoke("increment", void.class);
      // A lost connection fails over at once, without waiting for the request timeout.
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(4));
      assertEquals(2, server.timesReceived(client.clientId(), 1));
      assertEquals(1L, (long) client.<Long>invoke("get", long.class));
    }
  }

  @Test
  void parkedCallWaitsPastTheRequestTimeoutWithoutResending() throws Exception {
    server = TestReplicaServer.start(Lock.class);
    try (ConcoordClient holder = ConcoordClient.connect(server.address(Mode.LEADER), QUICK);
        ConcoordClient waiter = ConcoordClient.connect(server.address(Mode.LEADER), QUICK)) {
      holder.invoke("acquire", void.class);
      CompletableFuture<Object> acquired = waiter.invokeAsync("acquire", void.class);
      Thread.sleep(3 * QUICK.requestTimeout().toMillis());
      assertFalse(acquired.isDone());
      holder.invoke("release", void.class);
      acquired.get(10, TimeUnit.SECONDS);
      assertEquals(1, server.timesReceived(waiter.clientId(), 1));
      assertEquals(waiter.clientId(), (long) waiter.<Long>invoke("holder", Long.class));
    }
  }

  @Test
  void unreachableBootstrapFailsWithinTheConnectTimeout() throws Exception {
    ClientOptions options = ClientOptions.defaults().withConnectTimeout(Duration.ofMillis(500));
    // A closed port refuses at once; the unroutable address (TEST-NET-1) hangs or is refused.
    String bootstrap = TestReplicaServer.closedAddress() + ",192.0.2.1:9";
    long started = System.nanoTime();
    ConcoordUnavailableException e =
        assertThrows(
            ConcoordUnavailableException.class, () -> ConcoordClient.connect(bootstrap, options));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(tookMillis < 500 + 1_000, "took " + tookMillis + " ms");
    assertTrue(e.getMessage().contains(bootstrap.split(",")[0]), e.getMessage());
    assertTrue(e.getMessage().contains("192.0.2.1:9"), e.getMessage());
  }

  @Test
  void callTimeoutEndsTheCallWithTimeoutExceptionNamingBootstrapAndWait() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    ClientOptions options = QUICK.withCallTimeout(Duration.ofMillis(1_000));
    try (ConcoordClient client = clientTrying(options, Mode.SILENT)) {
      long started = System.nanoTime();
      ConcoordTimeoutException e =
          assertThrows(
              ConcoordTimeoutException.class, () -> client.invoke("increment", void.class));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(tookMillis >= 1_000 && tookMillis < 3_000, "took " + tookMillis + " ms");
      assertTrue(e.getMessage().contains(server.address(Mode.SILENT)), e.getMessage());
      assertTrue(e.getMessage().contains("1000 ms"), e.getMessage());
      // It kept trying: the silent node got the same seq on each new connection.
      assertTrue(server.timesReceived(client.clientId(), 1) >= 2);
    }
  }

  @Test
  void asyncCallTimesOutToo() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    ClientOptions options = QUICK.withCallTimeout(Duration.ofMillis(500));
    try (ConcoordClient client = clientTrying(options, Mode.SILENT)) {
      CompletableFuture<Object> future = client.invokeAsync("increment", void.class);
      java.util.concurrent.ExecutionException e =
          assertThrows(
              java.util.concurrent.ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof ConcoordTimeoutException, e.toString());
    }
  }

  @Test
  void outstandingBoundMakesCallersWaitForRoomAndEveryCallStillCompletes() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    ClientOptions options = QUICK.withOutstandingMax(2);
    try (ConcoordClient client = ConcoordClient.connect(server.address(Mode.LEADER), options)) {
      List<CompletableFuture<Object>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(client.invokeAsync("increment", void.class));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      assertEquals(200, (int) client.<Integer>invoke("getvalue", int.class));
      // Never more than two requests in flight: each seq's ackedBelow is at most two below it.
      assertTrue(
          server.received().stream()
              .allMatch(r -> r.command().seq() - r.command().ackedBelow() < 2));
    }
  }

  @Test
  void closeFailsOutstandingCallsAndRefusesNewOnes() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    ConcoordClient client = clientTrying(QUICK, Mode.SILENT);
    CompletableFuture<Object> pending = client.invokeAsync("increment", void.class);
    client.close();
    java.util.concurrent.ExecutionException e =
        assertThrows(
            java.util.concurrent.ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof ConcoordException, e.toString());
    assertThrows(ConcoordException.class, () -> client.invoke("increment", void.class));
    client.close(); // idempotent
  }

  @Test
  void afterTheReplicasExpireTheSessionTheNextCallStartsANewOne() throws Exception {
    server = TestReplicaServer.start(Counter.class, TestReplicaServer.config(20));
    try (ConcoordClient idle = ConcoordClient.connect(server.address(Mode.LEADER), QUICK);
        ConcoordClient busy = ConcoordClient.connect(server.address(Mode.LEADER), QUICK)) {
      idle.invoke("increment", void.class);
      idle.invoke("increment", void.class);
      Thread.sleep(40 * TestReplicaServer.TICK_MILLIS);
      busy.invoke("increment", void.class); // moves the replicated clock past idle's expiry
      ConcoordSessionExpiredException e =
          assertThrows(
              ConcoordSessionExpiredException.class, () -> idle.invoke("increment", void.class));
      assertEquals(org.concoord.core.message.Reason.SESSION_EXPIRED, e.code());
      idle.invoke("increment", void.class);
      assertEquals(4, (int) idle.<Integer>invoke("getvalue", int.class));
      Received restart =
          server.received().stream()
              .filter(r -> r.command().clientId() == idle.clientId() && r.command().seq() == 4)
              .findFirst()
              .orElseThrow();
      assertEquals(1, restart.command().ackedBelow());
    }
  }
}
