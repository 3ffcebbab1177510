package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.concoord.client.TestReplicaServer.Mode;
import org.concoord.client.TestReplicaServer.Received;
import org.concoord.core.value.Values;
import org.concoord.objects.AppendList;
import org.concoord.objects.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls that succeed: results by declared type, concurrency, pipelining, ackedBelow. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCallsTest {
  private TestReplicaServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private ConcoordClient clientOf(Class<?> objectClass) throws Exception {
    server = TestReplicaServer.start(objectClass);
    return ConcoordClient.connect(server.address(Mode.LEADER));
  }

  @Test
  void incrementsThenGetvalueReturnsTheCount() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      Object nothing = client.invoke("increment", void.class);
      client.invoke("increment", void.class);
      client.invoke("increment", void.class);
      int value = client.invoke("getvalue", int.class);
      assertNull(nothing);
      assertEquals(3, value);
    }
  }

  @Test
  void resultIsDecodedByTheDeclaredReturnType() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      long added = client.invoke("add", long.class, 40L);
      Long boxed = client.invoke("add", Long.class, 2);
      assertEquals(40L, added);
      assertEquals(42L, boxed);
    }
  }

  @Test
  void asyncCallCompletesWithTheDecodedResult() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      CompletableFuture<Long> first = client.invokeAsync("add", long.class, 5L);
      CompletableFuture<Long> second = client.invokeAsync("add", long.class, 7L);
      // One connection, sent in seq order: the leader executes them in that order.
      assertEquals(5L, first.get(10, TimeUnit.SECONDS));
      assertEquals(12L, second.get(10, TimeUnit.SECONDS));
      assertEquals(12L, (long) client.<Long>invoke("get", long.class));
    }
  }

  @Test
  void manyThreadsOnOneClientExecuteEveryCallExactlyOnce() throws Exception {
    int threads = 16;
    int callsPerThread = 200;
    try (ConcoordClient client = clientOf(Counter.class)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < callsPerThread; i++) {
                    client.invoke("increment", void.class);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(50, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertEquals(threads * callsPerThread, (int) client.<Integer>invoke("getvalue", int.class));
      long counted = server.onObject(c -> ((Counter) c).get());
      assertEquals((long) threads * callsPerThread, counted);
    }
  }

  @Test
  void asyncCallsArePipelinedOnOneConnectionWithDistinctSeqs() throws Exception {
    int calls = 2_000;
    try (ConcoordClient client = clientOf(Counter.class)) {
      List<CompletableFuture<Object>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        futures.add(client.invokeAsync("increment", void.class));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertEquals(calls, (int) client.<Integer>invoke("getvalue", int.class));
      List<Received> received = server.received();
      assertEquals(calls + 1, received.stream().map(r -> r.command().seq()).distinct().count());
      assertTrue(received.stream().allMatch(r -> r.mode() == Mode.LEADER));
    }
  }

  @Test
  void genericResultsDecodeThroughTypeRef() throws Exception {
    try (ConcoordClient client = clientOf(AppendList.class)) {
      Type listOfLong = TypeRef.of(List.class, Long.class);
      client.invoke("append", listOfLong, 1L);
      List<Long> after = client.invoke("append", listOfLong, 2L);
      assertEquals(List.of(1L, 2L), after);
    }
  }

  @Test
  void nestedGenericResultsDecodeThroughTypeRef() throws Exception {
    try (ConcoordClient client = clientOf(Vault.class)) {
      client.invoke("deposit", long.class, "ann", 5L);
      client.invoke("deposit", long.class, "ann", 6L);
      client.invoke("deposit", long.class, "bob", 1L);
      Type historyType = TypeRef.of(Map.class, String.class, TypeRef.of(List.class, Long.class));
      Map<String, List<Long>> history = client.invoke("history", historyType);
      assertEquals(Map.of("ann", List.of(5L, 6L), "bob", List.of(1L)), history);
    }
  }

  @Test
  void rawCallTakesAndReturnsEncodedValuesForTheCommandLine() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      byte[] result = client.invokeRaw("add", Values.argsFromJson(List.of("5")));
      assertEquals("5", Values.toJson(result));
      // A void method's result is no bytes at all: the command line prints nothing.
      assertEquals(
          null, Values.resultText(client.invokeRaw("increment", Values.argsFromJson(List.of()))));
    }
  }

  @Test
  void firstRequestSaysAckedBelowOneAndLaterRequestsAcknowledgeHeldReplies() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      for (int i = 0; i < 3; i++) {
        client.invoke("increment", void.class);
      }
      List<Received> received = server.received();
      assertEquals(List.of(1L, 2L, 3L), received.stream().map(r -> r.command().seq()).toList());
      assertEquals(
          List.of(1L, 2L, 3L), received.stream().map(r -> r.command().ackedBelow()).toList());
      assertTrue(received.stream().allMatch(r -> r.command().clientId() == client.clientId()));
    }
  }

  @Test
  void everyClientHasItsOwnRandomNonZeroId() throws Exception {
    server = TestReplicaServer.start(Counter.class);
    try (ConcoordClient a = ConcoordClient.connect(server.address(Mode.LEADER));
        ConcoordClient b =
            ConcoordClient.connect(
                server.address(Mode.LEADER),
                ClientOptions.defaults().withCallTimeout(Duration.ofSeconds(5)))) {
      assertNotEquals(0, a.clientId());
      assertNotEquals(a.clientId(), b.clientId());
      a.invoke("increment", void.class);
      b.invoke("increment", void.class);
      assertEquals(2, (int) a.<Integer>invoke("getvalue", int.class));
    }
  }
}
