package org.concoord.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.concoord.client.TestReplicaServer.Mode;
import org.concoord.core.value.Values;
import org.concoord.objects.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls that fail: the object's exceptions, refusals, and what never leaves the client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientErrorsTest {
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
  void objectsRuntimeExceptionIsRethrownWithItsTypeAndMessage() throws Exception {
    try (ConcoordClient client = clientOf(Vault.class)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> client.invoke("deposit", long.class, "ann", -3L));
      assertEquals("amount must be positive: -3", e.getMessage());
    }
  }

  @Test
  void objectsCheckedExceptionIsRethrownAsItselfBySyncInvoke() throws Exception {
    try (ConcoordClient client = clientOf(Vault.class)) {
      client.invoke("deposit", long.class, "ann", 10L);
      Vault.InsufficientFunds e =
          assertThrows(
              Vault.InsufficientFunds.class, () -> client.invoke("withdraw", long.class, 11L));
      assertEquals("balance 10 is below 11", e.getMessage());
      assertEquals(10L, (long) client.<Long>invoke("balance", long.class));
    }
  }

  @Test
  void aPackagePrivateExceptionIsRethrownAsItselfWhenTheCallerCanLoadIt() throws Exception {
    try (ConcoordClient client = clientOf(Vault.class)) {
      client.invoke("open", void.class, "ann");
      AccountExistsException e =
          assertThrows(
              AccountExistsException.class, () -> client.invoke("open", void.class, "ann"));
      assertEquals("account ann exists", e.getMessage());
    }
  }

  @Test
  void asyncCallFailsWithTheObjectsExceptionAsCause() throws Exception {
    try (ConcoordClient client = clientOf(Vault.class)) {
      CompletableFuture<Long> future = client.invokeAsync("withdraw", long.class, 1L);
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
      assertInstanceOf(Vault.InsufficientFunds.class, e.getCause());
    }
  }

  @Test
  void exceptionWhoseClassIsNotLoadableHereBecomesRemoteExceptionWithTypeAndMessage()
      throws Exception {
    try (ConcoordClient client = clientOf(Vault.class)) {
      Thread thread = Thread.currentThread();
      ClassLoader own = thread.getContextClassLoader();
      // A loader that sees only the JDK: the way a client without the object's jar sees it.
      thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
      ConcoordRemoteException e;
      try {
        e =
            assertThrows(
                ConcoordRemoteException.class, () -> client.invoke("withdraw", long.class, 1L));
      } finally {
        thread.setContextClassLoader(own);
      }
      assertEquals(Vault.InsufficientFunds.class.getName(), e.remoteType());
      assertEquals("balance 0 is below 1", e.remoteMessage());
    }
  }

  @Test
  void exceptionWithoutStringConstructorBecomesRemoteException() throws Exception {
    try (ConcoordClient client = clientOf(Vault.class)) {
      ConcoordRemoteException e =
          assertThrows(
              ConcoordRemoteException.class, () -> client.invoke("failCoded", void.class, 7));
      assertEquals(Vault.CodedFailure.class.getName(), e.remoteType());
      assertEquals("failure code 7", e.remoteMessage());
    }
  }

  @Test
  void rawCallReportsTheObjectsExceptionByName() throws Exception {
    try (ConcoordClient client = clientOf(Vault.class)) {
      ConcoordRemoteException e =
          assertThrows(
              ConcoordRemoteException.class,
              () -> client.invokeRaw("withdraw", Values.argsFromJson(List.of("4"))));
      assertEquals(Vault.InsufficientFunds.class.getName(), e.remoteType());
    }
  }

  @Test
  void unknownMethodIsRejectedNamingTheMethod() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      ConcoordRejectedException e =
          assertThrows(ConcoordRejectedException.class, () -> client.invoke("explode", void.class));
      assertTrue(e.reason().contains("'explode'"), e.reason());
      assertTrue(e.reason().contains("Counter"), e.reason());
    }
  }

  @Test
  void wrongArgumentTypeIsRejectedNamingMethodAndParameter() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      ConcoordRejectedException e =
          assertThrows(
              ConcoordRejectedException.class, () -> client.invoke("add", long.class, "five"));
      assertTrue(e.getMessage().contains("Counter.add"), e.getMessage());
      assertTrue(e.getMessage().contains("argument 1"), e.getMessage());
      assertTrue(e.getMessage().contains("delta"), e.getMessage());
      assertEquals(0L, (long) client.<Long>invoke("get", long.class));
    }
  }

  @Test
  void wrongNumberOfArgumentsIsRejected() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      ConcoordRejectedException e =
          assertThrows(
              ConcoordRejectedException.class, () -> client.invoke("add", long.class, 1L, 2L));
      assertTrue(e.reason().contains("add"), e.reason());
    }
  }

  @Test
  void nonSerializableArgumentIsRejectedBeforeAnythingIsSent() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      ConcoordRejectedException e =
          assertThrows(
              ConcoordRejectedException.class,
              () -> client.invoke("add", long.class, 1L, new Thread()));
      assertTrue(e.getMessage().contains("argument 2 of 'add'"), e.getMessage());
      CompletableFuture<Long> async = client.invokeAsync("add", long.class, new Object());
      ExecutionException failed = assertThrows(ExecutionException.class, async::get);
      assertInstanceOf(ConcoordRejectedException.class, failed.getCause());
      assertEquals(List.of(), server.received());
      // The refused calls took no seq: the first request sent is seq 1, a new session.
      client.invoke("increment", void.class);
      assertEquals(1L, server.received().get(0).command().seq());
      assertEquals(1L, server.received().get(0).command().ackedBelow());
    }
  }

  @Test
  void requestOverTheFrameBoundIsRejectedBeforeSending() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      byte[] huge = new byte[org.concoord.core.codec.WireFormat.FRAME_LENGTH_MAX];
      ConcoordRejectedException e =
          assertThrows(
              ConcoordRejectedException.class,
              () -> client.invoke("add", long.class, (Object) huge));
      assertTrue(e.getMessage().contains("'add' cannot be sent"), e.getMessage());
      assertEquals(List.of(), server.received());
      assertEquals(1L, (long) client.<Long>invoke("add", long.class, 1L)); // the client goes on
    }
  }

  @Test
  void resultThatDoesNotDecodeAsTheDeclaredTypeFailsNamingBoth() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      ConcoordException e =
          assertThrows(ConcoordException.class, () -> client.invoke("add", String.class, 3L));
      assertTrue(e.getMessage().contains("'add'"), e.getMessage());
      assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }
  }

  @Test
  void invalidMethodNameIsRejectedWithoutSending() throws Exception {
    try (ConcoordClient client = clientOf(Counter.class)) {
      assertThrows(ConcoordRejectedException.class, () -> client.invoke("", void.class));
      assertThrows(
          ConcoordRejectedException.class, () -> client.invoke("x".repeat(300), void.class));
      assertEquals(List.of(), server.received());
    }
  }
}
