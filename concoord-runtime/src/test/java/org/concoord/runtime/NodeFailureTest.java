package org.concoord.runtime;

import static org.concoord.runtime.ClusterTest.local;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.concoord.client.ClientOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.runtime.storage.StorageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Error out of the object (issue 13, items 5 and 8): the node stops with a fatal reason naming
 * the slot, the method and the client (so the process exits non-zero), records it in its data
 * directory (created 0700), and says at its next start that it stopped there before.
 */
class NodeFailureTest {
  /** A hosted object whose method throws an Error. */
  public static final class Fragile {
    private long calls;

    public long ok() {
      return ++calls;
    }

    public void fail() {
      throw new OutOfMemoryError("simulated: the object ran out of memory");
    }
  }

  @TempDir Path data;

  @Test
  void anErrorFromAMethodStopsTheNodeNamingSlotMethodAndClientAndIsRecorded() throws Exception {
    int port = Addresses.freePort("127.0.0.1");
    int acceptorPort = Addresses.freePort("127.0.0.1", p -> p != port);
    Path dir = data.resolve("replica");
    try (Node replica =
            Node.replica(
                    local(port),
                    new InetSocketAddress("127.0.0.1", port),
                    new ObjectHost(Fragile.class),
                    new byte[] {1},
                    List.of(),
                    ReplicaConfig.defaults(),
                    StorageConfig.fsync(dir))
                .start();
        Node acceptor =
            Node.acceptor(
                    local(acceptorPort),
                    new InetSocketAddress("127.0.0.1", acceptorPort),
                    List.of(local(port)))
                .start();
        ConcoordClient client =
            ConcoordClient.connect(
                local(port).address(),
                ClientOptions.defaults().withCallTimeout(Duration.ofSeconds(30)))) {
      client.invoke("ok", long.class);
      assertThrows(ConcoordException.class, () -> client.invoke("fail", void.class));
      String fatal = replica.awaitStop();
      assertNotNull(fatal, "a fatal reason: the process exits non-zero");
      assertTrue(
          fatal.contains("stopped by its object: slot ")
              && fatal.contains("Fragile.fail")
              && fatal.contains("of client " + client.clientId()),
          fatal);
      String recorded = StopRecord.read(dir);
      assertTrue(recorded != null && recorded.startsWith("slot "), String.valueOf(recorded));
      assertTrue(
          Files.getPosixFilePermissions(dir).equals(PosixFilePermissions.fromString("rwx------")),
          "data directory 0700");
    }
  }
}
