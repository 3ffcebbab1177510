package org.concoord.runtime;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.concoord.client.tls.Identity;

/**
 * TLS over one non-blocking socket of the {@link Transport}: the JDK's {@link SSLEngine} does the
 * record layer and the handshake; this class only moves bytes between the socket, the engine and
 * the transport's buffers. {@link #read} and {@link #write} stand in for the channel's own, so the
 * transport keeps its structure (frames, queues, bounds) whether a connection is encrypted or not.
 * Application bytes are never written before the handshake has finished.
 *
 * <p>Owned by the node's thread, like the connection it belongs to.
 */
final class TlsChannel {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SocketChannel channel;
  private final SSLEngine engine;

  /** Bytes from the socket not yet unwrapped (write mode). */
  private ByteBuffer netIn;

  /** Wrapped bytes not yet written to the socket (read mode). */
  private final ByteBuffer netOut;

  /** Decrypted bytes the transport's buffer had no room for yet (write mode). */
  private ByteBuffer appIn;

  private boolean handshakeDone;
  private boolean closed;

  TlsChannel(SocketChannel channel, SSLEngine engine) throws SSLException {
    this.channel = channel;
    this.engine = engine;
    int packet = engine.getSession().getPacketBufferSize();
    this.netIn = ByteBuffer.allocate(packet);
    this.netOut = ByteBuffer.allocate(packet).flip();
    this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    engine.beginHandshake();
  }

  /** True once the handshake has finished: the peer's certificate is known and checked. */
  boolean ready() {
    return handshakeDone;
  }

  /** True while wrapped bytes wait for the socket: the transport asks for OP_WRITE. */
  boolean wantsWrite() {
    return netOut.hasRemaining();
  }

  /**
   * True while decrypted bytes, or whole records not yet decrypted, wait for room in the
   * transport's buffer: no readiness event will come for them, so the transport reads again.
   */
  boolean hasBufferedInput() {
    return appIn.position() > 0 || wholeRecordBuffered();
  }

  /** A TLS record is a 5-byte header (length in bytes 3-4) and that many bytes. */
  private boolean wholeRecordBuffered() {
    if (netIn.position() < 5) {
      return false;
    }
    int length = ((netIn.get(3) & 0xff) << 8) | (netIn.get(4) & 0xff);
    return netIn.position() >= 5 + length;
  }

  /** Whether the other end presented a certificate (which the trust manager has checked). */
  boolean peerCertified() {
    try {
      return engine.getSession().getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /** Who the other end's certificate says it is (null before the handshake, or if none). */
  Identity peerIdentity() {
    try {
      Certificate[] chain = engine.getSession().getPeerCertificates();
      return chain.length == 0 ? null : Identity.of((X509Certificate) chain[0]);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /** Reads what the socket has, decrypts it into {@code dst}; -1 once the stream has ended. */
  int read(ByteBuffer dst) throws IOException {
    int n = closed ? -1 : channel.read(netIn);
    int moved = 0;
    while (dst.hasRemaining()) {
      progress();
      int step = drain(dst);
      if (step == 0) {
        break;
      }
      moved += step; // room in appIn again: decrypt what else netIn holds
    }
    if (moved == 0 && n < 0 && appIn.position() == 0) {
      return -1;
    }
    return moved;
  }

  /**
   * Encrypts and writes as much of {@code sources} as the socket takes; returns the application
   * bytes consumed (0 while the handshake is still going on).
   */
  long write(ByteBuffer[] sources) throws IOException {
    if (!handshakeDone) {
      progress();
      if (!handshakeDone) {
        return 0;
      }
    }
    long consumed = 0;
    while (flushNet() && remaining(sources)) {
      netOut.clear();
      SSLEngineResult result = engine.wrap(sources, netOut);
      netOut.flip();
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new EOFException("TLS session closed");
      }
      consumed += result.bytesConsumed();
    }
    return consumed;
  }

  /** Writes pending wrapped bytes; true when none are left. */
  boolean flushNet() throws IOException {
    while (netOut.hasRemaining()) {
      if (channel.write(netOut) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Drives the handshake and decrypts everything buffered, as far as it can go now. */
  private void progress() throws IOException {
    while (true) {
      HandshakeStatus status = engine.getHandshakeStatus();
      if (status == HandshakeStatus.NEED_TASK) {
        for (Runnable task = engine.getDelegatedTask();
            task != null;
            task = engine.getDelegatedTask()) {
          task.run();
        }
      } else if (status == HandshakeStatus.NEED_WRAP) {
        if (!flushNet()) {
          return; // OP_WRITE resumes it
        }
        netOut.clear();
        SSLEngineResult result = engine.wrap(EMPTY, netOut);
        netOut.flip();
        note(result);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
          flushNet();
          closed = true;
          return;
        }
      } else if (!unwrapOnce()) {
        flushNet();
        return;
      }
    }
  }

  /** One unwrap from {@link #netIn}; false when nothing more can be done until more arrives. */
  private boolean unwrapOnce() throws IOException {
    if (appIn.remaining() < engine.getSession().getApplicationBufferSize()) {
      return false; // the transport must take what is decrypted first
    }
    netIn.flip();
    SSLEngineResult result;
    try {
      result = engine.unwrap(netIn, appIn);
    } finally {
      netIn.compact();
    }
    note(result);
    switch (result.getStatus()) {
      case BUFFER_UNDERFLOW -> {
        int packet = engine.getSession().getPacketBufferSize();
        if (netIn.capacity() < packet) {
          netIn = ByteBuffer.allocate(packet).put(netIn.flip());
        }
        return false;
      }
      case BUFFER_OVERFLOW -> {
        return false;
      }
      case CLOSED -> {
        closed = true;
        return false;
      }
      default -> {
        return result.bytesConsumed() > 0
            || result.bytesProduced() > 0
            || result.getHandshakeStatus() == HandshakeStatus.NEED_TASK
            || result.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
      }
    }
  }

  private void note(SSLEngineResult result) {
    if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
      handshakeDone = true;
    }
  }

  private int drain(ByteBuffer dst) {
    appIn.flip();
    int moved = Math.min(appIn.remaining(), dst.remaining());
    ByteBuffer slice = appIn.slice(appIn.position(), moved);
    dst.put(slice);
    appIn.position(appIn.position() + moved);
    appIn.compact();
    return moved;
  }

  private static boolean remaining(ByteBuffer[] buffers) {
    for (ByteBuffer buffer : buffers) {
      if (buffer.hasRemaining()) {
        return true;
      }
    }
    return false;
  }
}
