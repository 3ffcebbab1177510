package org.concoord.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A canned DNS server on loopback UDP for the client's tests (the real nameserver lives in a module
 * the client cannot depend on): answers from a table of (name, type) to records, which a test may
 * change at any time; NXDOMAIN for anything else.
 */
final class TinyDnsServer implements AutoCloseable {
  record Key(String name, int type) {}

  private final DatagramSocket socket;
  private final Map<Key, List<Record>> answers = new ConcurrentHashMap<>();
  private final Map<Key, List<Record>> glue = new ConcurrentHashMap<>();
  private final Thread thread;

  TinyDnsServer() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(this::serve, "tiny-dns");
    thread.setDaemon(true);
    thread.start();
  }

  String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** Answers (name, type) with {@code records}, plus {@code additional} in that section. */
  void answer(String name, int type, List<Record> records, List<Record> additional) {
    answers.put(new Key(name.toLowerCase(), type), records);
    glue.put(new Key(name.toLowerCase(), type), additional);
  }

  void clear() {
    answers.clear();
    glue.clear();
  }

  private void serve() {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        Message query = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
        Record question = query.getQuestion();
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(question, Section.QUESTION);
        Key key = new Key(question.getName().toString().toLowerCase(), question.getType());
        List<Record> records = answers.get(key);
        if (records == null) {
          reply.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
          records.forEach(r -> reply.addRecord(r, Section.ANSWER));
          glue.get(key).forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
        }
        byte[] wire = reply.toWire(512);
        socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
      } catch (IOException e) {
        // closed, or a bad packet: the next one
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(2000);
  }
}
