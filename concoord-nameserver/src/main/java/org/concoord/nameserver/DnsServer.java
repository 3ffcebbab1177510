package org.concoord.nameserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DNS over UDP and TCP on one port, answering with a {@link DnsResponder}. A fixed budget ({@link
 * DnsLimits}): a few UDP threads sharing one socket, and one thread per TCP connection up to a
 * bound (beyond it a connection is closed at once); messages are at most 65,535 bytes by
 * construction, and a TCP connection is closed when idle or when a query trickles in too slowly.
 * Nothing a client sends ends a serving loop: an unexpected failure answering one query is counted
 * ({@link #internalErrors}) and the loop goes on. Thread-safe.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DnsServer.class.getName());
  private static final int BIND_TRIES = 20;

  private final DnsResponder responder;
  private final DnsLimits limits;
  private final DatagramChannel udp;
  private final ServerSocket tcp;
  private final List<Thread> threads = new ArrayList<>();
  private final ExecutorService tcpWorkers;
  private final Semaphore tcpSlots;
  private final java.util.Set<Socket> tcpOpen = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicLong udpQueries = new AtomicLong();
  private final AtomicLong tcpQueries = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong internalErrors = new AtomicLong();
  private final AtomicLong tcpTurnedAway = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final ResponseRateLimiter limiter;
  private volatile boolean running = true;

  DnsServer(InetSocketAddress bind, DnsResponder responder, DnsLimits limits) throws IOException {
    this.responder = responder;
    this.limits = limits;
    this.limiter = new ResponseRateLimiter(limits.responsesPerSecond(), limits.responsesBurst());
    this.tcpSlots = new Semaphore(limits.tcpConnectionsMax());
    this.tcpWorkers =
        Executors.newFixedThreadPool(
            limits.tcpConnectionsMax(),
            runnable -> {
              Thread thread = new Thread(runnable, "concoord-dns-tcp");
              thread.setDaemon(true);
              return thread;
            });
    DatagramChannel udpChannel = null;
    ServerSocket tcpSocket = null;
    // Port 0 means any free port: the same one is needed for UDP and TCP, so try a few.
    for (int attempt = 0; tcpSocket == null; attempt++) {
      udpChannel =
          DatagramChannel.open(
              bind.getAddress() instanceof java.net.Inet6Address
                  ? StandardProtocolFamily.INET6
                  : StandardProtocolFamily.INET);
      udpChannel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
      udpChannel.bind(bind);
      int port = ((InetSocketAddress) udpChannel.getLocalAddress()).getPort();
      try {
        tcpSocket = new ServerSocket();
        tcpSocket.setReuseAddress(true);
        tcpSocket.bind(new InetSocketAddress(bind.getAddress(), port), 128);
      } catch (IOException busy) {
        udpChannel.close();
        tcpSocket.close();
        tcpSocket = null;
        if (bind.getPort() != 0 || attempt >= BIND_TRIES) {
          throw new IOException(
              "cannot listen on TCP "
                  + bind.getAddress().getHostAddress()
                  + ":"
                  + port
                  + ": "
                  + busy.getMessage(),
              busy);
        }
      }
    }
    this.udp = udpChannel;
    this.tcp = tcpSocket;
  }

  /** Starts the UDP threads and the TCP acceptor. */
  DnsServer start() {
    for (int i = 0; i < limits.udpThreads(); i++) {
      threads.add(new Thread(this::serveUdp, "concoord-dns-udp-" + i));
    }
    threads.add(new Thread(this::acceptTcp, "concoord-dns-accept"));
    for (Thread thread : threads) {
      thread.setDaemon(true);
      thread.start();
    }
    return this;
  }

  /** The address served (its port is the one chosen when asked for port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) tcp.getLocalSocketAddress();
  }

  public long udpQueries() {
    return udpQueries.get();
  }

  public long tcpQueries() {
    return tcpQueries.get();
  }

  /** Datagrams not answered: too short, or responses. */
  public long dropped() {
    return dropped.get();
  }

  /** Queries whose answering failed unexpectedly (a bug): expected to stay 0. */
  public long internalErrors() {
    return internalErrors.get();
  }

  /** UDP queries left unanswered because their source was over its response rate. */
  public long rateLimited() {
    return rateLimited.get();
  }

  /** TCP connections closed at once because every slot was taken. */
  public long tcpTurnedAway() {
    return tcpTurnedAway.get();
  }

  private void serveUdp() {
    ByteBuffer buffer = ByteBuffer.allocate(DnsResponder.TCP_MESSAGE_MAX);
    while (running) {
      try {
        buffer.clear();
        SocketAddress from = udp.receive(buffer);
        udpQueries.incrementAndGet();
        if (from instanceof InetSocketAddress source
            && !limiter.allow(source.getAddress(), System.nanoTime())) {
          rateLimited.incrementAndGet(); // over this source's rate: no response at all
          continue;
        }
        byte[] reply = answer(buffer.array(), buffer.position(), false);
        if (reply == null) {
          dropped.incrementAndGet();
        } else {
          udp.send(ByteBuffer.wrap(reply), from);
        }
      } catch (ClosedChannelException closed) {
        return;
      } catch (IOException e) {
        // One failed send (e.g. an unreachable client) concerns that client only.
        LOG.log(Level.FINE, "udp: " + e);
      }
    }
  }

  private byte[] answer(byte[] query, int length, boolean overTcp) {
    try {
      return responder.respond(query, length, overTcp);
    } catch (RuntimeException | StackOverflowError e) {
      internalErrors.incrementAndGet();
      LOG.log(Level.WARNING, "failed to answer a query", e);
      return null;
    }
  }

  private void acceptTcp() {
    while (running) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (!running) {
          return;
        }
        LOG.log(Level.FINE, "tcp accept: " + e);
        continue;
      }
      if (!tcpSlots.tryAcquire()) {
        tcpTurnedAway.incrementAndGet();
        closeQuietly(socket);
        continue;
      }
      tcpOpen.add(socket);
      try {
        tcpWorkers.execute(
            () -> {
              try {
                serveTcp(socket);
              } finally {
                closeQuietly(socket);
                tcpOpen.remove(socket);
                tcpSlots.release();
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        closeQuietly(socket);
        tcpOpen.remove(socket);
        tcpSlots.release();
      }
    }
  }

  /** Answers queries on one connection, each a 16-bit length and a message, until it ends. */
  private void serveTcp(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] message = new byte[DnsResponder.TCP_MESSAGE_MAX];
      while (running) {
        socket.setSoTimeout(limits.tcpIdleMillis());
        int high = in.read();
        if (high < 0) {
          return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.tcpReadMillis());
        int low = readByte(socket, in, deadline);
        int length = (high << 8) | low;
        if (length == 0 || !readFully(socket, in, message, length, deadline)) {
          return;
        }
        tcpQueries.incrementAndGet();
        byte[] reply = answer(message, length, true);
        if (reply == null) {
          return; // not a query: nothing more to say on this connection
        }
        write(out, reply);
      }
    } catch (SocketTimeoutException idle) {
      // idle or too slow: closed below
    } catch (IOException e) {
      LOG.log(Level.FINE, "tcp: " + e);
    }
  }

  private static int readByte(Socket socket, InputStream in, long deadline) throws IOException {
    setTimeout(socket, deadline);
    int b = in.read();
    if (b < 0) {
      throw new IOException("closed in a length prefix");
    }
    return b;
  }

  private static boolean readFully(
      Socket socket, InputStream in, byte[] into, int length, long deadline) throws IOException {
    int read = 0;
    while (read < length) {
      setTimeout(socket, deadline);
      int n = in.read(into, read, length - read);
      if (n < 0) {
        return false;
      }
      read += n;
    }
    return true;
  }

  private static void setTimeout(Socket socket, long deadline) throws IOException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw new SocketTimeoutException("query not received in time");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
  }

  private static void write(OutputStream out, byte[] reply) throws IOException {
    byte[] framed = new byte[2 + reply.length];
    framed[0] = (byte) (reply.length >>> 8);
    framed[1] = (byte) reply.length;
    System.arraycopy(reply, 0, framed, 2, reply.length);
    out.write(framed);
    out.flush();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    running = false;
    closeQuietly(udp);
    closeQuietly(tcp);
    tcpWorkers.shutdownNow();
    tcpOpen.forEach(DnsServer::closeQuietly); // a blocked read ends only when its socket closes
    for (Thread thread : threads) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
