package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.ReadMode;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Outcome;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.value.ValueCodec;
import org.concoord.objects.Counter;
import org.concoord.runtime.storage.StorageConfig;
import org.junit.jupiter.api.Test;

/**
 * The runtime's loop against a pause (issue 20's read lease, docs/protocol.md "Lease reads"): a
 * LEASE read that reached the leader's socket while its thread stood still (a stopped process, a
 * GC) is handled as soon as the wait for I/O returns, before the loop's next tick. The replica must
 * hear that its clock jumped first, or it answers under a lease that real time used up meanwhile
 * (another leader may have been elected and written). A replica and an acceptor on loopback TCP;
 * the leader's thread stalls right before its wait for I/O ({@link Node#stallBeforeNextWait}).
 */
class LeaseAfterPauseTest {
  /** The pause: 30 ticks, past the lease (18 at the defaults), so no lease may survive it. */
  private static final long PAUSE_MILLIS = 300;

  /** The stall must begin this soon after a write renewed the lease, or it is tried again. */
  private static final long FRESH_MILLIS = 60;

  @Test
  void aLeaseReadThatWaitedInTheSocketThroughAPauseIsNotAnsweredUnderTheLease() throws Exception {
    int replicaPort = Addresses.freePort("127.0.0.1");
    int acceptorPort = Addresses.freePort("127.0.0.1");
    try (Node replica = leaseReplica(replicaPort);
        Node acceptor =
            Node.acceptor(
                    NodeTest.local(acceptorPort),
                    new InetSocketAddress("127.0.0.1", acceptorPort),
                    List.of(NodeTest.local(replicaPort)))
                .start();
        RawClient client = new RawClient(replicaPort, 11)) {
      // Serving once the acceptor joined (NodeTest.call retries until then).
      assertEquals(Outcome.OK, NodeTest.call(replicaPort, 10, 1, "increment").outcome());
      long written = untilALeaseRead(replica, client, 1);
      for (int attempt = 0; ; attempt++) {
        assertTrue(attempt < 20, "the node's thread never stalled soon after a write");
        client.call("increment", ReadMode.LINEARIZABLE); // its Accepted renews the lease
        written++;
        long wroteNanos = System.nanoTime();
        AtomicLong stalledNanos = new AtomicLong();
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        replica.stallBeforeNextWait(
            () -> {
              stalledNanos.set(System.nanoTime());
              stalled.countDown();
              awaitQuietly(resume);
            });
        assertTrue(stalled.await(10, TimeUnit.SECONDS), "the node's thread never waited for I/O");
        if (stalledNanos.get() - wroteNanos > FRESH_MILLIS * 1_000_000) {
          resume.countDown(); // the lease may have run out in ticks already: no evidence
          continue;
        }
        long leaseReads = replica.metrics().events("lease_read");
        long jumps = replica.metrics().events("clock_jumped");
        client.send("getvalue", ReadMode.LEASE); // into the stalled node's socket
        Thread.sleep(PAUSE_MILLIS); // the pause's length, not a synchronisation
        resume.countDown();
        assertEquals(written, client.reply(), "the read's answer");
        assertEquals(
            leaseReads,
            replica.metrics().events("lease_read"),
            "a read that waited in the socket through the pause was answered under the lease");
        assertTrue(replica.metrics().events("clock_jumped") > jumps, "the jump went unnoticed");
        return;
      }
    }
  }

  /** A replica of a Counter on {@code port}, started, that serves LEASE reads. */
  private static Node leaseReplica(int port) throws IOException {
    ObjectHost host = new ObjectHost(Counter.class);
    // What the CLI's bytecode analysis infers (ObjectClasses): getvalue writes nothing.
    ObjectCatalog catalog =
        ObjectCatalog.forMachine(host)
            .withReadOnly(Map.of(Counter.class.getName(), Set.of("getvalue")));
    return Node.replica(
            NodeTest.local(port),
            new InetSocketAddress("127.0.0.1", port),
            host,
            catalog,
            new byte[] {1},
            List.of(),
            ReplicaConfig.defaults().withReadLease(true),
            StorageConfig.none())
        .start();
  }

  /**
   * Writes and reads until a read is served by the lease; returns the increments written, counting
   * the {@code writtenBefore}.
   */
  private static long untilALeaseRead(Node replica, RawClient client, long writtenBefore)
      throws IOException {
    long written = writtenBefore;
    // The set-up serves lease reads: a write renews the lease, and a read right after takes it.
    long deadline = System.currentTimeMillis() + NodeTest.DEADLINE_MILLIS;
    while (replica.metrics().events("lease_read") == 0) {
      assertTrue(System.currentTimeMillis() < deadline, "no read was served by the lease");
      client.call("increment", ReadMode.LINEARIZABLE);
      written++;
      assertEquals(written, client.call("getvalue", ReadMode.LEASE));
    }
    return written;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One client's calls on one socket, one at a time, on the wire as the client library's. */
  private static final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final long clientId;
    private long seq;

    RawClient(int port, long clientId) throws IOException {
      this.socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout((int) NodeTest.DEADLINE_MILLIS);
      this.in = new DataInputStream(socket.getInputStream());
      this.clientId = clientId;
    }

    /** Calls {@code method} and returns its value (a number, or -1 for none). */
    long call(String method, ReadMode read) throws IOException {
      send(method, read);
      return reply();
    }

    void send(String method, ReadMode read) throws IOException {
      seq++;
      Call call = new Call(method, ValueCodec.encodeArgs());
      ClientCommand command = new ClientCommand(clientId, seq, seq, call);
      socket.getOutputStream().write(MessageCodec.encode(new ClientRequest(command, read, 0)));
    }

    /** Reads frames up to the final reply of the last call sent: its value. */
    long reply() throws IOException {
      while (true) {
        ClientReply reply = (ClientReply) NodeTest.readFrame(in);
        if (reply.seq() == seq && reply.outcome().isFinal()) {
          assertEquals(Outcome.OK, reply.outcome(), "call " + seq);
          Object value = ValueCodec.decode(reply.payload());
          return value instanceof Number number ? number.longValue() : -1;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
