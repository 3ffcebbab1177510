package org.concoord.runtime;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.concoord.core.NodeId;

/**
 * One TCP connection of a node: its input buffer (grown up to the frame bound), its queue of
 * encoded frames waiting to be written, and what the node knows of the other end (a peer named by
 * its Hello, or a client). Owned by the node's thread.
 */
final class Connection {
  /** Bytes queued for writing beyond which the connection is closed (a peer too slow to read). */
  static final int OUTPUT_BYTES_MAX = 64 << 20;

  final SocketChannel channel;
  final boolean outbound;
  ByteBuffer input = ByteBuffer.allocate(64 << 10);
  final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
  long outputBytes;
  /** The peer, once known: the target of an outbound connection, or the sender of a Hello. */
  NodeId peer;
  boolean connected;
  boolean isClient;
  /** When this outbound connection was opened (for the connect timeout). */
  long openedMillis;
  /**
   * When a frame was first queued here after the peer was last heard from (0: none since): the
   * start of an unanswered stretch, which may mean the connection is stuck in retransmissions.
   */
  long unansweredSinceMillis;
  /** The TLS layer of this connection; null on a plaintext (--insecure) transport. */
  TlsChannel tls;
  /** Who the other end's certificate names, once the TLS handshake is done and checked. */
  org.concoord.client.tls.Identity identity;

  Connection(SocketChannel channel, boolean outbound, NodeId peer) {
    this.channel = channel;
    this.outbound = outbound;
    this.peer = peer;
  }

  /** Queues a frame; false if the queue bound is exceeded (the caller closes the connection). */
  boolean enqueue(byte[] frame) {
    output.add(ByteBuffer.wrap(frame));
    outputBytes += frame.length;
    return outputBytes <= OUTPUT_BYTES_MAX;
  }

  String describe() {
    String who = peer != null ? peer.toString() : isClient ? "client" : "unidentified";
    return who + (outbound ? " (outbound)" : " (inbound)");
  }
}
