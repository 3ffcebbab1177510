package org.concoord.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.concoord.client.tls.BearerToken;
import org.concoord.client.tls.Identity;
import org.concoord.client.tls.TlsCredentials;
import org.concoord.core.NodeId;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.FrameReader;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.codec.WireFormat;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Hello;
import org.concoord.core.message.Message;
import org.concoord.core.message.WatchEvent;

/**
 * One TCP connection to one node: frames out from any thread (writes serialized), and a reader
 * thread that cuts {@link ClientReply} frames off the stream and hands them to the listener.
 * Anything else a node might send is ignored; a malformed frame is dropped (the stream stays in
 * step); a frame over the bound, end of stream or an I/O error closes the connection and is
 * reported once through {@link Listener#onClosed}.
 *
 * <p>Does not retry, reconnect or time out requests: the {@link Link} decides all that.
 */
final class Connection {
  /** Where replies and the end of the connection go. Called on the reader thread. */
  interface Listener {
    void onReply(Connection connection, ClientReply reply);

    void onClosed(Connection connection, String why);

    /** A watch event (issue 21); only a watch connection receives them. */
    default void onWatchEvent(Connection connection, WatchEvent event) {}
  }

  /**
   * Enough for thousands of small replies per read; grown to fit a larger frame, up to the bound.
   */
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  private final NodeId node;
  private final Socket socket;
  private final OutputStream out;
  private final Listener listener;
  private final Object writeLock = new Object();
  private volatile boolean closed;

  private Connection(NodeId node, Socket socket, Listener listener) throws IOException {
    this.node = node;
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.listener = listener;
  }

  /**
   * Connects to {@code node} within {@code timeoutMillis} (name lookup included where the JDK
   * bounds it) and starts the reader thread.
   */
  static Connection open(
      NodeId node,
      int timeoutMillis,
      InetAddress local,
      TlsCredentials tls,
      Listener listener,
      String threadName)
      throws IOException {
    InetSocketAddress unresolved = StaticBootstrap.address(node);
    InetSocketAddress address =
        new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
    if (address.isUnresolved()) {
      throw new IOException("cannot resolve host " + unresolved.getHostString());
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true); // requests are small and latency-bound: no Nagle delay
      socket.setKeepAlive(true);
      if (local != null) {
        socket.bind(new InetSocketAddress(local, 0));
      }
      socket.connect(address, Math.max(1, timeoutMillis));
      if (tls != null) {
        socket = secure(socket, node, address, tls, timeoutMillis);
        if (tls.token() != null) { // no certificate: the token in the Hello, before anything
          socket
              .getOutputStream()
              .write(
                  MessageCodec.encode(
                      new Hello(NodeId.of(BearerToken.HELLO_PREFIX + tls.token()))));
        }
      }
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new IOException("no connection within " + timeoutMillis + " ms", e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
    Connection connection = new Connection(node, socket, listener);
    Thread reader = new Thread(connection::readLoop, threadName);
    reader.setDaemon(true);
    reader.start();
    return connection;
  }

  /**
   * TLS 1.3 over the connected socket, handshake done within the timeout, and the node's
   * certificate (from the instance CA, checked by the trust manager) naming the node dialled.
   */
  private static Socket secure(
      Socket plain, NodeId node, InetSocketAddress address, TlsCredentials tls, int timeoutMillis)
      throws IOException {
    SSLSocket socket =
        (SSLSocket)
            tls.context()
                .getSocketFactory()
                .createSocket(plain, address.getHostString(), address.getPort(), true);
    SSLParameters parameters = socket.getSSLParameters();
    TlsCredentials.configure(parameters, true);
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(Math.max(1, timeoutMillis));
    try {
      socket.startHandshake();
    } catch (SocketTimeoutException e) {
      throw new IOException("no TLS handshake with " + node + " within " + timeoutMillis + " ms");
    } catch (IOException e) {
      throw new IOException("TLS handshake with " + node + " failed: " + e.getMessage(), e);
    }
    socket.setSoTimeout(0);
    Identity identity = Identity.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
    if (identity == null || !identity.node() || !namesNode(identity.name(), node)) {
      closeQuietly(socket);
      throw new IOException(node + " presented the certificate of " + identity + ", not its own");
    }
    return socket;
  }

  /**
   * Whether a node certificate's name is the node dialled: the same address, or (for a node with a
   * client port of its own, {@code host:port/clientPort}) the same client address, which is where a
   * bootstrap or DNS entry of such a node sends clients.
   */
  static boolean namesNode(String certified, NodeId dialled) {
    if (certified.isEmpty() || certified.length() > NodeId.ADDRESS_LENGTH_MAX) {
      return false;
    }
    return certified.equals(dialled.address())
        || NodeId.of(certified).clientAddress().equals(dialled.clientAddress());
  }

  NodeId node() {
    return node;
  }

  /**
   * Writes one frame. Blocks while the socket's send buffer is full; {@link #close} from another
   * thread ends the wait with an IOException, which is how a stuck node is given up on.
   */
  void send(byte[] frame) throws IOException {
    synchronized (writeLock) {
      if (closed) {
        throw new IOException("connection to " + node + " is closed");
      }
      out.write(frame);
      out.flush();
    }
  }

  void close() {
    closed = true;
    closeQuietly(socket);
  }

  boolean isClosed() {
    return closed;
  }

  private void readLoop() {
    String why;
    try {
      why = readUntilEnd(socket.getInputStream());
    } catch (IOException e) {
      why = closed ? "closed by the client" : "read failed: " + e.getMessage();
    } catch (RuntimeException | Error e) {
      why = "reader failed: " + e;
    }
    close();
    listener.onClosed(this, why);
  }

  /** Reads and dispatches frames until the stream ends; returns why it ended. */
  private String readUntilEnd(InputStream in) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    while (true) {
      int read = in.read(buffer.array(), buffer.position(), buffer.remaining());
      if (read < 0) {
        return "closed by " + node;
      }
      buffer.position(buffer.position() + read);
      buffer.flip();
      int frameBytes = dispatchFrames(buffer);
      if (frameBytes < 0) {
        return node + " sent a frame longer than " + WireFormat.FRAME_LENGTH_MAX + " bytes";
      }
      buffer.compact();
      if (frameBytes > buffer.capacity()) {
        buffer = grow(buffer, frameBytes);
      } else if (buffer.position() == 0 && buffer.capacity() > READ_BUFFER_BYTES) {
        buffer = ByteBuffer.allocate(READ_BUFFER_BYTES); // give a large frame's memory back
      }
    }
  }

  /**
   * Dispatches every whole frame in {@code buffer}; returns the size of the next, incomplete frame,
   * or -1 if it is over the bound.
   */
  private int dispatchFrames(ByteBuffer buffer) {
    while (true) {
      FrameReader.Result<Message> result = FrameReader.next(buffer);
      if (result instanceof FrameReader.Result.NeedMore<Message> more) {
        return more.frameBytes();
      } else if (result instanceof FrameReader.Result.TooLong<Message>) {
        return -1;
      } else if (result instanceof FrameReader.Result.Ready<Message> ready) {
        Decoded<Message> decoded = ready.decoded();
        if (decoded instanceof Decoded.Ok<Message> ok && ok.value() instanceof ClientReply reply) {
          listener.onReply(this, reply);
        } else if (decoded instanceof Decoded.Ok<Message> ok
            && ok.value() instanceof WatchEvent event) {
          listener.onWatchEvent(this, event);
        } else if (decoded instanceof Decoded.Error<Message> error) {
          LOG.log(
              System.Logger.Level.WARNING,
              "dropped a malformed frame from {0}: {1}",
              node,
              error.reason());
        }
      }
    }
  }

  private static ByteBuffer grow(ByteBuffer buffer, int frameBytes) {
    ByteBuffer larger = ByteBuffer.allocate(frameBytes);
    buffer.flip();
    larger.put(buffer);
    return larger;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the socket is unusable either way.
    }
  }

  @Override
  public String toString() {
    return "Connection[" + node + (closed ? " closed" : "") + "]";
  }
}
