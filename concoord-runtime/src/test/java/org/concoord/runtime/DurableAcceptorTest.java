package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.concoord.client.ConcoordClient;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.acceptor.Acceptor;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.effects.DurableWrite;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.Prepare;
import org.concoord.core.message.Promise;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.objects.Counter;
import org.concoord.runtime.storage.StorageConfig;
import org.concoord.runtime.storage.WriteLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acceptor's node with a write-ahead log: persist before send, and restarts with its state. */
class DurableAcceptorTest {
  static final long DEADLINE_MILLIS = 20_000;

  @TempDir Path dir;

  /** A log that makes writes durable only when the test says so. */
  static final class ManualLog implements WriteLog {
    final List<DurableWrite> appended = new CopyOnWriteArrayList<>();
    private volatile long synced;
    private volatile Runnable onSynced = () -> {};

    @Override
    public long append(DurableWrite write) {
      appended.add(write);
      return appended.size();
    }

    @Override
    public long syncedSeq() {
      return synced;
    }

    void syncAll() {
      synced = appended.size();
      onSynced.run();
    }

    @Override
    public void start(Runnable onSynced, Consumer<String> onFailure) {
      this.onSynced = onSynced;
    }

    @Override
    public String describe() {
      return "manual";
    }

    @Override
    public void close() {}
  }

  @Test
  void aPromiseLeavesOnlyAfterItsWriteIsDurable() throws Exception {
    ManualLog log = new ManualLog();
    int acceptorPort = Addresses.freePort("127.0.0.1");
    try (ServerSocket leaderSocket = new ServerSocket(0)) {
      NodeId leader = NodeId.of("127.0.0.1:" + leaderSocket.getLocalPort());
      NodeId self = NodeId.of("127.0.0.1:" + acceptorPort);
      Ballot ballot = new Ballot(5, leader);
      try (Node node =
              Node.acceptor(
                      new Acceptor(self),
                      new InetSocketAddress("127.0.0.1", acceptorPort),
                      List.of(leader),
                      log,
                      "test")
                  .start();
          Socket toAcceptor = new Socket("127.0.0.1", acceptorPort)) {
        OutputStream out = toAcceptor.getOutputStream();
        out.write(MessageCodec.encode(new Hello(leader)));
        out.write(MessageCodec.encode(new Prepare(ballot, 1)));
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (log.appended.isEmpty() && System.currentTimeMillis() < deadline) {
          Thread.sleep(5); // bounded polling: the node thread handles the Prepare
        }
        assertEquals(List.of(new DurableWrite.PromiseWrite(ballot)), log.appended);
        // Until the write is durable no Promise leaves. It then comes back on the connection the
        // Prepare came on, not on one opened to the address the Hello claims.
        DataInputStream back = new DataInputStream(toAcceptor.getInputStream());
        toAcceptor.setSoTimeout(500);
        try {
          fail("sent before its write was durable: " + read(back));
        } catch (SocketTimeoutException quiet) {
          // nothing until the sync
        }
        log.syncAll();
        toAcceptor.setSoTimeout((int) DEADLINE_MILLIS);
        Promise promise = assertInstanceOf(Promise.class, read(back));
        assertEquals(ballot, promise.ballot());
      }
    }
  }

  static Message read(DataInputStream in) throws IOException {
    int length = in.readInt();
    byte[] frame = new byte[4 + length];
    ByteBuffer.wrap(frame).putInt(length);
    in.readFully(frame, 4, length);
    return ((Decoded.Ok<Message>) MessageCodec.decode(frame)).value();
  }

  @Test
  void anAcceptorRestartedOnItsDataDirectoryRejoinsWithItsPromise() throws Exception {
    int replicaPort = Addresses.freePort("127.0.0.1");
    int acceptorPort = Addresses.freePort("127.0.0.1");
    NodeId replicaId = NodeId.of("127.0.0.1:" + replicaPort);
    NodeId acceptorId = NodeId.of("127.0.0.1:" + acceptorPort);
    InetSocketAddress acceptorBind = new InetSocketAddress("127.0.0.1", acceptorPort);
    StorageConfig storage = StorageConfig.fsync(dir.resolve("acceptor"));
    try (Node replica =
            Node.replica(
                    replicaId,
                    new InetSocketAddress("127.0.0.1", replicaPort),
                    new ObjectHost(Counter.class),
                    new byte[] {1},
                    List.of(),
                    ReplicaConfig.defaults())
                .start();
        ConcoordClient client = ConcoordClient.connect(replicaId.address())) {
      String before;
      try (Node acceptor =
          Node.acceptor(acceptorId, acceptorBind, List.of(replicaId), storage).start()) {
        assertTrue(acceptor.recovery().contains("new log"), acceptor.recovery());
        for (int i = 0; i < 20; i++) {
          client.invoke("increment", void.class);
        }
        before = acceptor.describe();
        assertTrue(before.contains("syncs="), before);
      }
      try (Node acceptor =
          Node.acceptor(acceptorId, acceptorBind, List.of(replicaId), storage).start()) {
        String promised =
            before.substring(before.indexOf("promised="), before.indexOf(" accepted="));
        assertTrue(
            acceptor.recovery().contains("promised " + promised.substring(9)),
            acceptor.recovery() + " / " + before);
        for (int i = 0; i < 20; i++) {
          client.invoke("increment", void.class);
        }
        assertEquals(40, (int) client.invoke("getvalue", int.class));
      }
    }
  }

  @Test
  void aDataDirectoryOfAnotherInstanceStopsTheAcceptorWithAClearMessage() throws Exception {
    int acceptorPort = Addresses.freePort("127.0.0.1");
    NodeId acceptorId = NodeId.of("127.0.0.1:" + acceptorPort);
    InetSocketAddress acceptorBind = new InetSocketAddress("127.0.0.1", acceptorPort);
    StorageConfig storage = StorageConfig.fsync(dir.resolve("reused"));
    for (int instance = 0; instance < 2; instance++) {
      int replicaPort = Addresses.freePort("127.0.0.1");
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
          Node acceptor =
              Node.acceptor(acceptorId, acceptorBind, List.of(replicaId), storage).start()) {
        if (instance == 0) {
          try (ConcoordClient client = ConcoordClient.connect(replicaId.address())) {
            client.invoke("increment", void.class);
          }
        } else {
          String fatal = acceptor.awaitStop();
          assertTrue(
              fatal != null
                  && fatal.contains("belongs to another instance")
                  && fatal.contains(dir.resolve("reused").toString()),
              String.valueOf(fatal));
        }
      }
    }
  }
}
