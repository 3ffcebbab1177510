package org.concoord.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.concoord.core.NodeId;

/**
 * One TCP connection of a node: its input buffer (none while idle, then grown as bytes arrive, up
 * to one frame, and shrunk again once the frame is read), its queue of encoded frames waiting to be
 * written, and what the node knows of the other end (a peer named by its Hello, or a client). The
 * transport charges both buffers to its budgets ({@link NetLimits}). Owned by the node's thread.
 */
final class Connection {
  /** Input buffer of a connection that starts to receive, and what it shrinks back to. */
  static final int INPUT_INITIAL = 4 << 10;

  /**
   * Most a buffer grows to for many small frames (a busy peer or client fills it at every read):
   * reading 64 KiB a system call, as before budgets; only a larger frame grows it further.
   */
  static final int INPUT_BUSY_MAX = 64 << 10;

  final SocketChannel channel;

  /** The channel's key with the transport's selector, once registered. */
  SelectionKey key;

  final boolean outbound;

  /** What the port it came on serves (an outbound connection: peers). */
  Listener.Serves serves = Listener.Serves.PEERS;

  /** The remote IP address of an inbound connection (connection caps count by it), else null. */
  final InetAddress remote;

  /** Null until bytes arrive; in write mode between reads. */
  ByteBuffer input;

  final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
  long outputBytes;

  /** The peer, once known: the target of an outbound connection, or the sender of a Hello. */
  NodeId peer;

  boolean connected;
  boolean isClient;

  /** A client that sent read options (issue 20): replies to it carry their slot. */
  boolean readsSlots;

  /** Not read while the input budget cannot grow its buffer (backpressure). */
  boolean paused;

  long heardMillis = System.currentTimeMillis();

  /** When this outbound connection was opened (for the connect timeout). */
  long openedMillis;

  /**
   * Bytes a peer is assumed to take per second at the least (receive, sync, answer) before its
   * silence counts against a connection: a 15 MiB Propose gives the acceptor about 4 s more.
   * Without it, a connection carrying a large frame was declared stuck 1.5 s after the frame was
   * queued, closed with the frame half sent, reopened, and the frame resent: never accepted.
   */
  static final long UNANSWERED_BYTES_PER_SECOND = 4L << 20;

  /**
   * When a frame was first queued here after the peer was last heard from (0: none since): the
   * start of an unanswered stretch, which may mean the connection is stuck in retransmissions.
   */
  long unansweredSinceMillis;

  /** Bytes written here since the peer was last heard from. */
  long unansweredBytes;

  /** The watches routed here ({@link WatchRoutes.Key}s). */
  final java.util.Set<Object> watches = new java.util.HashSet<>();

  /** Coalesced value events of a slow watcher: the latest frame per watch, oldest first. */
  final java.util.LinkedHashMap<Object, byte[]> pendingWatch = new java.util.LinkedHashMap<>();

  long pendingWatchBytes;

  /** The TLS layer of this connection; null on a plaintext (--insecure) transport. */
  TlsChannel tls;

  /** Who the other end's certificate names, once the TLS handshake is done and checked. */
  org.concoord.client.tls.Identity identity;

  /** The TLS handshake is done and the other end's certificate (or its lack) checked. */
  boolean identityChecked;

  /** Of a client without a certificate: the SHA-256 (hex) of the token its Hello carried. */
  String tokenHash;

  /** The principal that token names, as of the last frame (revocation takes effect at once). */
  String tokenPrincipal;

  Connection(SocketChannel channel, boolean outbound, NodeId peer, InetAddress remote) {
    this.channel = channel;
    this.outbound = outbound;
    this.peer = peer;
    this.remote = remote;
  }

  /** Queues a frame (the transport has checked its budgets). */
  void enqueue(byte[] frame) {
    output.add(ByteBuffer.wrap(frame));
    outputBytes += frame.length;
  }

  /** The peer was heard from: nothing is unanswered. */
  void answered() {
    unansweredSinceMillis = 0;
    unansweredBytes = 0;
  }

  /**
   * {@code bytes} left in a write: the peer's silence may last longer by the time it takes to
   * handle them. (Progress alone does not reset the silence: heartbeats into a cut network are
   * taken by the kernel's buffer for hours.)
   */
  void wrote(long bytes) {
    if (unansweredSinceMillis != 0) {
      unansweredBytes += bytes;
    }
  }

  /**
   * Whether the peer has been silent for longer than {@code baseMillis} since the first frame it
   * did not answer, plus the time it may take to handle the bytes written since.
   */
  boolean unansweredTooLong(long nowMillis, long baseMillis) {
    return unansweredSinceMillis > 0
        && nowMillis - unansweredSinceMillis
            > baseMillis + unansweredBytes * 1000 / UNANSWERED_BYTES_PER_SECOND;
  }

  /** Whether {@code frame} (the array itself) waits in the output queue, partly written or not. */
  boolean holds(byte[] frame) {
    for (ByteBuffer queued : output) {
      if (queued.array() == frame) {
        return true;
      }
    }
    return false;
  }

  /** Plaintext: frames wait. TLS: wrapped bytes wait, or frames wait and the handshake is done. */
  boolean wantsWrite() {
    if (tls == null) {
      return !output.isEmpty();
    }
    return tls.wantsWrite() || (tls.ready() && !output.isEmpty());
  }

  /** The selector events this connection waits for now. */
  int interest() {
    return (paused ? 0 : SelectionKey.OP_READ) | (wantsWrite() ? SelectionKey.OP_WRITE : 0);
  }

  /** Tells the selector what this connection waits for (once connected). */
  void updateInterest() {
    if (key != null && key.isValid() && connected) {
      key.interestOps(interest());
    }
  }

  static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  int inputCapacity() {
    return input == null ? 0 : input.capacity();
  }

  String describe() {
    String who = peer != null ? peer.toString() : isClient ? "client" : "unidentified";
    return who
        + (outbound
            ? " (outbound)"
            : " (inbound" + (remote == null ? "" : " from " + remote) + ")");
  }
}
