package org.concoord.nameserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The server on real loopback sockets: UDP and TCP answers, TCP fallback for a view too large for
 * UDP (with dnsjava's resolver and with the real {@code dig}), and its bounds on TCP connections.
 */
class DnsServerTest {
  final AtomicReference<Zone> zone = new AtomicReference<>(Views.zone(Views.small(), 3));
  DnsServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        new DnsServer(
                new InetSocketAddress("127.0.0.1", 0),
                new DnsResponder(zone::get),
                new DnsLimits(2, 4, 2_000, 1_000))
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  SimpleResolver resolver(boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(server.address());
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver;
  }

  static Message query(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
  }

  /** Runs the real dig against the server; returns its output. */
  String dig(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig",
                "@127.0.0.1",
                "-p",
                Integer.toString(server.address().getPort()),
                "+time=2",
                "+tries=1"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        output.append(line).append('\n');
      }
    }
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "dig did not finish");
    return output.toString();
  }

  @Test
  void answersOverUdpAndTcp() throws Exception {
    Message udp = resolver(false).send(query("counterdomain.", Type.A));
    Message tcp = resolver(true).send(query("counterdomain.", Type.NS));

    assertEquals(Rcode.NOERROR, udp.getRcode());
    assertEquals(1, udp.getSection(Section.ANSWER).size());
    assertEquals(Rcode.NOERROR, tcp.getRcode());
    assertEquals(1, tcp.getSection(Section.ANSWER).size());
    assertTrue(server.udpQueries() >= 1 && server.tcpQueries() >= 1);
  }

  @Test
  void aViewTooLargeForUdpComesWholeOverTcpAfterTheTruncatedReply() throws Exception {
    zone.set(Views.zone(Views.large(300), 1));

    Message reply = resolver(false).send(query("_concoord._tcp.counterdomain.", Type.SRV));

    assertFalse(reply.getHeader().getFlag(Flags.TC));
    assertEquals(300, reply.getSection(Section.ANSWER).size());
    assertTrue(server.tcpQueries() >= 1, "the resolver fell back to TCP");
  }

  @Test
  void digSeesTheTruncatedUdpReplyAndTheWholeViewOverTcp() throws Exception {
    zone.set(Views.zone(Views.large(300), 1));

    String udp = dig("+ignore", "+noedns", "_concoord._tcp.counterdomain", "SRV");
    String tcp = dig("+tcp", "_concoord._tcp.counterdomain", "SRV");

    assertTrue(udp.matches("(?s).*flags: qr aa tc.*"), udp);
    assertTrue(tcp.contains("status: NOERROR"), tcp);
    assertTrue(tcp.contains("ANSWER: 300,"), tcp);
  }

  @Test
  void connectionsBeyondTheBoundAreClosedAndTheServerStillAnswers() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        held.add(new Socket("127.0.0.1", server.address().getPort()));
      }
      long deadline = System.currentTimeMillis() + 5_000;
      try (Socket extra = new Socket("127.0.0.1", server.address().getPort())) {
        extra.setSoTimeout(5_000);
        assertEquals(-1, extra.getInputStream().read(), "the fifth connection is closed");
      }
      assertTrue(System.currentTimeMillis() < deadline);
      assertEquals(1, server.tcpTurnedAway());
      assertEquals(Rcode.NOERROR, resolver(false).send(query("counterdomain.", Type.A)).getRcode());
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void aClientThatTricklesItsQueryIsCutOffAndOneThatIdlesIsClosed() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", server.address().getPort());
        Socket idle = new Socket("127.0.0.1", server.address().getPort())) {
      slow.setSoTimeout(10_000);
      idle.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      out.write(new byte[] {0, 40, 1, 2}); // a 40-byte query of which 2 bytes ever come
      out.flush();
      long start = System.nanoTime();
      InputStream in = slow.getInputStream();

      assertEquals(-1, in.read(), "closed after the read deadline");
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
      assertEquals(-1, idle.getInputStream().read(), "closed after the idle time");
    }
    assertEquals(0, server.internalErrors());
  }

  @Test
  void aTcpConnectionCarriesSeveralQueriesInARow() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
      socket.setSoTimeout(5_000);
      for (int id = 1; id <= 3; id++) {
        Message query = query("counterdomain.", Type.SOA);
        query.getHeader().setID(id);
        byte[] wire = query.toWire();
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {(byte) (wire.length >>> 8), (byte) wire.length});
        out.write(wire);
        out.flush();
        InputStream in = socket.getInputStream();
        int length = (in.read() << 8) | in.read();
        Message reply = new Message(in.readNBytes(length));
        assertEquals(id, reply.getHeader().getID());
        assertEquals(Rcode.NOERROR, reply.getRcode());
      }
    }
  }
}
