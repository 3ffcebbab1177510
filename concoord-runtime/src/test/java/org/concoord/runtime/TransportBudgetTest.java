package org.concoord.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.concoord.core.Ballot;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.message.Alive;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.ClientRequest;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.StatusReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each of the transport's budgets reached over real loopback TCP (issue 13, item 3): backpressure,
 * a refused or closed connection, or a dropped frame; never an exception out of poll, never more
 * held than the budget.
 */
class TransportBudgetTest {
  private static final long DEADLINE_MILLIS = 60_000;
  private static final int MIB = 1 << 20;
  private static final long FRAME = NetLimits.FRAME_BYTES;

  private final List<ClientRequest> requests = new ArrayList<>();
  private final List<Message> peerMessages = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private Transport transport;
  private long inputPeak;
  private long outputPeak;

  private Transport start(NetLimits limits, Transport.Handler handler) throws IOException {
    int port = Addresses.freePort("127.0.0.1");
    NodeId self = NodeId.of("127.0.0.1:" + port);
    transport = new Transport(self, new InetSocketAddress("127.0.0.1", port), handler, limits);
    return transport;
  }

  private Transport start(NetLimits limits) throws IOException {
    return start(
        limits,
        new Transport.Handler() {
          @Override
          public void onPeerMessage(NodeId from, Message message) {
            peerMessages.add(message);
          }

          @Override
          public void onClientRequest(ClientRequest request) {
            requests.add(request);
          }

          @Override
          public StatusReply status() {
            return null;
          }
        });
  }

  private Socket connect(String from) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(transport.localAddress(), 5000);
    sockets.add(socket);
    return socket;
  }

  /** Polls the transport on this thread until {@code done}, checking the budgets each time. */
  private void pollUntil(BooleanSupplier done, String what) throws IOException {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (!done.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out: " + what);
      transport.poll(10);
      inputPeak = Math.max(inputPeak, transport.inputBytesHeld());
      outputPeak = Math.max(outputPeak, transport.outputBytesHeld());
    }
  }

  /** Whether the other end closed {@code socket} (reads end of stream or a reset). */
  private static boolean closedByPeer(Socket socket) {
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      while (true) {
        int n = in.read(new byte[64 << 10]);
        if (n < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static byte[] request(long clientId, int argBytes) {
    return request(clientId, 1, argBytes);
  }

  private static byte[] request(long clientId, long seq, int argBytes) {
    return MessageCodec.encode(
        new ClientRequest(
            new ClientCommand(clientId, seq, 0, new Call("put", new byte[argBytes]))));
  }

  /** Requests 1..{@code count} of {@code clientId}, each a reply may answer. */
  private static void requests(Socket socket, long clientId, int count) throws IOException {
    for (long seq = 1; seq <= count; seq++) {
      socket.getOutputStream().write(request(clientId, seq, 10));
    }
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  @Test
  void aLengthPrefixAloneAllocatesNothingLikeTheFrameItAnnounces() throws IOException {
    start(NetLimits.fromHeap(128L * MIB));
    for (int i = 0; i < 8; i++) {
      connect("127.0.0.1").getOutputStream().write(new byte[] {1, 0, 0, 0}); // 16 MiB coming
    }
    pollUntil(
        () -> transport.inboundConnections() == 8 && transport.inputBytesHeld() > 0,
        "8 connections read");
    for (int i = 0; i < 20; i++) {
      transport.poll(10);
    }
    assertTrue(
        transport.inputBytesHeld() <= 8 * Connection.INPUT_INITIAL,
        transport.inputBytesHeld() + " bytes held for 8 prefixes");
  }

  @Test
  void aLargeFrameGrowsItsBufferAsItArrivesWhichThenShrinks() throws IOException {
    start(NetLimits.fromHeap(128L * MIB));
    OutputStream out = connect("127.0.0.1").getOutputStream();
    byte[] frame = request(1, 3 * MIB);
    out.write(frame, 0, MIB);
    out.flush();
    pollUntil(() -> transport.inputBytesHeld() >= MIB / 2, "the first MiB read");
    assertTrue(
        transport.inputBytesHeld() < 3 * MIB,
        "grown by what arrived, not the prefix: " + transport.inputBytesHeld());
    out.write(frame, MIB, frame.length - MIB);
    pollUntil(() -> requests.size() == 1, "the frame delivered");
    pollUntil(() -> transport.inputBytesHeld() <= Connection.INPUT_INITIAL, "shrunk");
  }

  /**
   * Three 10 MiB frames through a 16 MiB budget. Each writer holds back its frame's last MiB until
   * reading has paused, so that no frame can complete and free its buffer first: otherwise, on a
   * loaded machine, the frames may arrive one after the other and never meet in the budget (this
   * test failed so, at random, in CI).
   */
  @Test
  void theInputBudgetPausesReadingAndEveryFrameStillArrives() throws Exception {
    NetLimits limits = new NetLimits(100, 100, 600_000, FRAME, 4 * FRAME, FRAME);
    start(limits);
    CountDownLatch rest = new CountDownLatch(1);
    for (int i = 0; i < 3; i++) {
      byte[] frame = request(i + 1, 10 * MIB);
      OutputStream out = connect("127.0.0.1").getOutputStream();
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(frame, 0, frame.length - MIB);
                  rest.await();
                  out.write(frame, frame.length - MIB, MIB);
                } catch (IOException | InterruptedException ignored) {
                  // the assertions below say what happened
                }
              });
      writer.setDaemon(true);
      writer.start();
    }
    pollUntil(() -> transport.pauses() > 0, "reading paused for want of budget");
    rest.countDown();
    pollUntil(() -> requests.size() == 3, "three 10 MiB frames through a 16 MiB budget");
    assertTrue(
        inputPeak <= 2 * FRAME,
        "at most the budget and the one frame being finished: " + inputPeak);
  }

  @Test
  void connectionsAreCappedInAllAndPerAddressAndIdleOnesClosed() throws IOException {
    start(new NetLimits(5, 3, 1_500, FRAME, 2 * FRAME, FRAME));
    List<Socket> first = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      first.add(connect("127.0.0.1"));
    }
    pollUntil(() -> transport.inboundConnections() == 3, "three from 127.0.0.1");
    pollUntil(() -> closedByPeer(first.get(3)), "the fourth from one address refused");
    Socket other = connect("127.0.0.2");
    other.getOutputStream().write(request(9, 10));
    pollUntil(() -> requests.size() == 1, "another address served");
    connect("127.0.0.3");
    pollUntil(() -> transport.inboundConnections() == 5, "five in all");
    Socket sixth = connect("127.0.0.4");
    pollUntil(() -> closedByPeer(sixth), "the sixth refused");
    pollUntil(() -> transport.inboundConnections() == 0, "idle ones closed after 1.5 s");
    assertTrue(closedByPeer(first.get(0)));
  }

  @Test
  void aClientThatNeverReadsIsClosedAtItsQueueBoundAndAnotherIsServed() throws IOException {
    start(new NetLimits(100, 100, 600_000, FRAME, 2 * FRAME, FRAME));
    Socket lazy = connect("127.0.0.1");
    lazy.setReceiveBufferSize(4096);
    requests(lazy, 1, 100);
    Socket reader = connect("127.0.0.1");
    reader.getOutputStream().write(request(2, 10));
    pollUntil(() -> requests.size() == 101, "both clients' requests read");
    byte[] big = new byte[MIB];
    for (int i = 0; i < 100; i++) { // far more than the kernel's socket buffers take
      transport.reply(new ClientReply(1, i + 1, Outcome.OK, big, null));
      transport.flushAll();
      outputPeak = Math.max(outputPeak, transport.outputBytesHeld());
    }
    transport.reply(new ClientReply(2, 1, Outcome.OK, new byte[] {7}, null));
    assertEquals(1, transport.closedForOutput(), "the client that does not read closed");
    assertTrue(outputPeak <= FRAME, "at most its bound queued: " + outputPeak);
    reader.setSoTimeout((int) DEADLINE_MILLIS);
    DataInputStream in = new DataInputStream(reader.getInputStream());
    pollUntil(
        () -> {
          try {
            return in.available() > 0;
          } catch (IOException e) {
            return false;
          }
        },
        "the other client's reply");
    Message reply = DurableAcceptorTest.read(in);
    assertEquals(2, ((ClientReply) reply).clientId());
    pollUntil(() -> transport.outputBytesHeld() == 0, "the closed queue given back");
  }

  @Test
  void theOutputBudgetForAllConnectionsClosesTheLargestQueue() throws IOException {
    start(new NetLimits(100, 100, 600_000, FRAME, FRAME, FRAME)); // all queues share one frame
    List<Socket> lazy = new ArrayList<>();
    for (int client = 1; client <= 3; client++) {
      Socket socket = connect("127.0.0.1");
      socket.setReceiveBufferSize(4096);
      requests(socket, client, 12);
      lazy.add(socket);
    }
    pollUntil(() -> requests.size() == 36, "three clients' requests read");
    byte[] big = new byte[MIB];
    for (int i = 0; i < 12; i++) {
      for (int client = 1; client <= 3; client++) {
        transport.reply(new ClientReply(client, i + 1, Outcome.OK, big, null));
        outputPeak = Math.max(outputPeak, transport.outputBytesHeld());
      }
    }
    assertTrue(outputPeak <= FRAME, "all queues together within the budget: " + outputPeak);
    assertTrue(transport.closedForOutput() >= 1, "a queue closed for the budget of all");
  }

  @Test
  void aReplyGoesOnTheConnectionItsRequestCameOnNotTheClientIdsLatest() throws IOException {
    start(NetLimits.fromHeap(128L * MIB));
    Socket owner = connect("127.0.0.1");
    owner.getOutputStream().write(request(5, 1, 10));
    pollUntil(() -> requests.size() == 1, "the owner's request");
    Socket forger = connect("127.0.0.1"); // names client 5 too, for a request of its own
    forger.getOutputStream().write(request(5, 2, 10));
    pollUntil(() -> requests.size() == 2, "the forger's request");
    transport.reply(new ClientReply(5, 1, Outcome.BLOCKED, new byte[0], null));
    transport.reply(new ClientReply(5, 2, Outcome.OK, new byte[] {2}, null));
    transport.reply(new ClientReply(5, 1, Outcome.UNBLOCKED, new byte[] {1}, null));
    transport.reply(new ClientReply(5, 1, Outcome.OK, new byte[] {9}, null)); // route gone
    transport.flushAll();
    owner.setSoTimeout((int) DEADLINE_MILLIS);
    forger.setSoTimeout((int) DEADLINE_MILLIS);
    DataInputStream fromOwner = new DataInputStream(owner.getInputStream());
    DataInputStream fromForger = new DataInputStream(forger.getInputStream());
    pollUntil(() -> available(fromOwner) > 0 && available(fromForger) > 0, "replies");
    assertEquals(Outcome.BLOCKED, ((ClientReply) DurableAcceptorTest.read(fromOwner)).outcome());
    ClientReply unblocked = (ClientReply) DurableAcceptorTest.read(fromOwner);
    assertEquals(Outcome.UNBLOCKED, unblocked.outcome());
    assertEquals(1, unblocked.seq());
    ClientReply forged = (ClientReply) DurableAcceptorTest.read(fromForger);
    assertEquals(2, forged.seq(), "the forger gets the reply to its own request only");
    for (int i = 0; i < 20; i++) {
      transport.poll(10);
    }
    assertEquals(
        0,
        available(fromOwner) + available(fromForger),
        "nothing more: a final reply takes its route with it");
  }

  private static int available(DataInputStream in) {
    try {
      return in.available();
    } catch (IOException e) {
      return 0;
    }
  }

  @Test
  void anAnswerGoesBackOnTheConnectionItsMessageCameOnNotToTheClaimedAddress() throws IOException {
    try (ServerSocket claimed = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      NodeId victim = NodeId.of("127.0.0.1:" + claimed.getLocalPort());
      Transport[] self = new Transport[1];
      self[0] =
          start(
              NetLimits.fromHeap(128L * MIB),
              new Transport.Handler() {
                @Override
                public void onPeerMessage(NodeId from, Message message) {
                  self[0].send(from, new Alive(Ballot.ZERO, 42));
                }

                @Override
                public void onClientRequest(ClientRequest request) {}

                @Override
                public StatusReply status() {
                  return null;
                }
              });
      Socket forger = connect("127.0.0.1");
      forger.getOutputStream().write(MessageCodec.encode(new Hello(victim)));
      forger.getOutputStream().write(MessageCodec.encode(new Alive(Ballot.ZERO, 1)));
      DataInputStream in = new DataInputStream(forger.getInputStream());
      pollUntil(
          () -> {
            try {
              return in.available() > 0;
            } catch (IOException e) {
              return false;
            }
          },
          "the answer");
      assertEquals(new Alive(Ballot.ZERO, 42), DurableAcceptorTest.read(in));
      claimed.setSoTimeout(300);
      Socket toVictim = null;
      try {
        toVictim = claimed.accept();
      } catch (SocketTimeoutException expected) {
        // nothing went to the claimed address
      }
      assertNull(toVictim, "a connection was opened to the address the Hello claimed");
    }
  }

  @Test
  void aMessageThatCannotBeEncodedIsDroppedNotThrown() throws IOException {
    start(NetLimits.fromHeap(128L * MIB));
    ClientRequest tooBig =
        new ClientRequest(new ClientCommand(1, 1, 0, new Call("put", new byte[17 * MIB])));
    transport.send(NodeId.of("127.0.0.1:1"), tooBig); // must not throw
    transport.poll(10);
  }
}
