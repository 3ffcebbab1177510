package org.concoord.nameserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * 30,000 random and mutated DNS packets (by default: the build's share of time; {@code
 * -Dconcoord.dns.fuzz.packets=1000000} for a long run) (bit flips, byte swaps, cut and stretched
 * packets, forged counts, label lengths and compression pointers) against the responder and then
 * the running server over UDP (and some over TCP). Nothing may throw out of the serving loop, every
 * reply must parse and echo the query's id, and valid queries sent in between must keep getting
 * answers. Reproduce a failure with {@code -Dconcoord.dns.fuzz.seed=SEED}.
 */
class DnsFuzzTest {
  static final int PACKETS = Integer.getInteger("concoord.dns.fuzz.packets", 30_000);
  static final int PROBE_EVERY = 500;
  static final long SEED = Long.getLong("concoord.dns.fuzz.seed", 20_251_125L);

  final AtomicReference<Zone> zone = new AtomicReference<>(Views.zone(Views.small(), 3));
  final DnsResponder responder = new DnsResponder(zone::get);

  static List<byte[]> seeds() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    String[] names = {
      "counterdomain.",
      "_concoord._tcp.counterdomain.",
      "nosuch.counterdomain.",
      "replica-14123-127-0-0-1.counterdomain.",
      "example.com.",
      "."
    };
    int[] types = {Type.A, Type.AAAA, Type.SRV, Type.TXT, Type.NS, Type.SOA, Type.ANY, Type.AXFR};
    for (String name : names) {
      for (int type : types) {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        seeds.add(query.toWire());
        query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        seeds.add(query.toWire());
      }
    }
    return seeds;
  }

  static byte[] packet(SplittableRandom random, List<byte[]> seeds) {
    if (random.nextInt(4) == 0) {
      byte[] noise = new byte[random.nextInt(600)];
      random.nextBytes(noise);
      if (noise.length > 2 && random.nextBoolean()) {
        noise[2] &= 0x7f; // a "query", so that it gets past the first check more often
      }
      return noise;
    }
    byte[] packet = seeds.get(random.nextInt(seeds.size())).clone();
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations && packet.length > 0; m++) {
      int at = random.nextInt(packet.length);
      switch (random.nextInt(8)) {
        case 0 -> packet[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> packet[at] = (byte) random.nextInt(256);
        case 2 -> packet = Arrays.copyOf(packet, at); // cut short
        case 3 -> {
          byte[] longer = Arrays.copyOf(packet, packet.length + 1 + random.nextInt(64));
          for (int i = packet.length; i < longer.length; i++) {
            longer[i] = (byte) random.nextInt(256);
          }
          packet = longer;
        }
        case 4 -> { // forge a section count
          if (packet.length >= 12) {
            int count = 4 + 2 * random.nextInt(4);
            packet[count] = (byte) random.nextInt(256);
            packet[count + 1] = (byte) random.nextInt(256);
          }
        }
        case 5 -> packet[at] = (byte) (0xc0 | random.nextInt(64)); // a compression pointer
        case 6 -> packet[at] = (byte) (random.nextInt(2) == 0 ? 63 : 64 + random.nextInt(64));
        default -> { // a pointer to itself: a loop
          if (at + 1 < packet.length) {
            packet[at] = (byte) (0xc0 | (at >> 8));
            packet[at + 1] = (byte) at;
          }
        }
      }
    }
    if (packet.length > 2) {
      packet[2] &= 0x7f;
    }
    return packet;
  }

  static void checkReply(byte[] query, byte[] reply) {
    if (reply == null) {
      return;
    }
    try {
      Message parsed = new Message(reply);
      assertEquals(((query[0] & 0xff) << 8) | (query[1] & 0xff), parsed.getHeader().getID());
    } catch (IOException e) {
      fail("a reply that does not parse: " + e + " to " + Arrays.toString(query));
    }
  }

  @Test
  void theResponderAnswersOrDropsEveryMalformedPacketAndNeverThrows() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    List<byte[]> seeds = seeds();
    int answered = 0;
    for (int i = 0; i < PACKETS; i++) {
      byte[] query = packet(random, seeds);
      byte[] reply;
      try {
        reply = responder.respond(query, query.length, random.nextInt(10) == 0);
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError(
            "packet " + i + " of seed " + SEED + " threw: " + Arrays.toString(query), e);
      }
      checkReply(query, reply);
      answered += reply == null ? 0 : 1;
    }
    assertTrue(answered > PACKETS / 4, "most packets were dropped: " + answered);
  }

  @Test
  void theServerKeepsAnsweringValidQueriesThroughTheFuzz() throws Exception {
    try (DnsServer server =
            new DnsServer(new InetSocketAddress("127.0.0.1", 0), responder, DnsLimits.defaults())
                .start();
        DatagramChannel channel = DatagramChannel.open()) {
      channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 22);
      channel.connect(server.address());
      channel.configureBlocking(false);
      ByteBuffer drain = ByteBuffer.allocate(65_535);
      SplittableRandom random = new SplittableRandom(SEED + 1);
      List<byte[]> seeds = seeds();
      for (int i = 0; i < PACKETS; i++) {
        channel.write(ByteBuffer.wrap(packet(random, seeds)));
        for (drain.clear(); channel.read(drain) > 0; drain.clear()) {
          new Message(Arrays.copyOf(drain.array(), drain.position())); // every reply parses
        }
        if (i % PROBE_EVERY == PROBE_EVERY - 1) {
          probe(channel, i / PROBE_EVERY);
        }
      }
      for (int i = 0; i < 2_000; i++) {
        fuzzTcp(server, packet(random, seeds));
      }
      probe(channel, 0xffff);
      assertEquals(0, server.internalErrors(), "failures inside the serving loop");
      assertTrue(server.udpQueries() >= PACKETS / 2, "queries seen: " + server.udpQueries());
    }
  }

  /**
   * Sends a valid query and waits (bounded) for its own answer among the fuzz replies, sending it
   * again every 200 ms: UDP may lose a datagram under load, the server must not lose its loop.
   */
  static void probe(DatagramChannel channel, int id) throws Exception {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString("counterdomain."), Type.A, DClass.IN));
    query.getHeader().setID(id & 0xffff);
    ByteBuffer buffer = ByteBuffer.allocate(65_535);
    long deadline = System.currentTimeMillis() + 5_000;
    long resendAt = 0;
    while (System.currentTimeMillis() < deadline) {
      if (System.currentTimeMillis() >= resendAt) {
        channel.write(ByteBuffer.wrap(query.toWire()));
        resendAt = System.currentTimeMillis() + 200;
      }
      buffer.clear();
      if (channel.read(buffer) <= 0) {
        Thread.sleep(1); // bounded: the deadline above
        continue;
      }
      Message reply = new Message(Arrays.copyOf(buffer.array(), buffer.position()));
      if (reply.getHeader().getID() == (id & 0xffff)
          && reply.getQuestion() != null
          && reply.getQuestion().getName().equals(Name.fromString("counterdomain."))) {
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(1, reply.getSection(Section.ANSWER).size());
        return;
      }
    }
    fail("no answer to valid query " + id + " within 5 s");
  }

  /** One fuzzed message over its own TCP connection; the server answers it or closes. */
  static void fuzzTcp(DnsServer server, byte[] packet) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {(byte) (packet.length >>> 8), (byte) packet.length});
      out.write(packet);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      int high = in.read();
      if (high < 0) {
        return; // dropped (an empty or non-query message)
      }
      int length = (high << 8) | in.read();
      byte[] reply = in.readNBytes(length);
      assertEquals(length, reply.length);
      checkReply(packet, reply);
    }
  }
}
