package org.concoord.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import org.concoord.core.NodeId;
import org.concoord.core.codec.MessageCodec;
import org.concoord.core.message.Message;

/**
 * The output side of a node's connections: each connection's queue of encoded frames, all of them
 * within one byte budget ({@link NetLimits#outputBytesMax}) and each within its own bound, and the
 * writes that empty them. A large message is encoded once and shared by every queue holding it
 * ({@link QueuedFrames}); a frame the budget cannot take is not even encoded. When the budget is
 * spent, the connection holding the largest queue (a reader too slow) is closed rather than new
 * frames dropped. Frames queued during a step leave together at its end ({@link #flushAll}), in
 * gathering writes.
 *
 * <p>Closes connections only through the transport's {@link Events}. Not thread-safe: the node
 * thread's.
 */
final class OutputQueues {
  /** Most frames handed to one gathering write. */
  static final int GATHER_MAX = 256;

  private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];

  /** What the transport does for the output side. */
  interface Events {
    void close(Connection connection, String why);

    /** A write failed: the connection closes (and an outbound one's peer backs off). */
    void failed(Connection connection, IOException cause);

    /** The TLS handshake may have finished: check the peer; false if it was closed. */
    boolean checkPeer(Connection connection);
  }

  private final NetLimits limits;
  private final Selector selector;
  private final TrafficCounters traffic;
  private final QuietLog quiet;
  private final Events events;
  private final ByteBudget budget;
  private final QueuedFrames queuedFrames = new QueuedFrames();
  private final Set<Connection> dirty = new LinkedHashSet<>();
  private Message lastMessage;
  private byte[] lastFrame;
  private long closedForOutput;

  OutputQueues(
      NetLimits limits, Selector selector, TrafficCounters traffic, QuietLog quiet, Events events) {
    this.limits = limits;
    this.selector = selector;
    this.traffic = traffic;
    this.quiet = quiet;
    this.events = events;
    this.budget = new ByteBudget(limits.outputBytesMax());
  }

  long held() {
    return budget.used();
  }

  /** Connections closed because they did not read what was queued for them. */
  long closedForOutput() {
    return closedForOutput;
  }

  /** Closes a connection whose reader does not keep up, and counts it. */
  void closeForOutput(Connection connection, String why) {
    closedForOutput++;
    events.close(connection, why);
  }

  /** Queues {@code message} for the peer {@code target} on {@code connection}. */
  void send(Connection connection, Message message, NodeId target) {
    byte[] frame = frameOf(message, target, connection);
    if (frame == null) {
      return;
    }
    if (frame.length >= ByteBudget.SHARED_BYTES_MIN && connection.holds(frame)) {
      return; // a resend of a message still queued here: the first copy is on its way
    }
    if (write(connection, frame)) {
      queuedFrames.queued(message, frame);
    }
  }

  /**
   * The frame of {@code message}, encoded once: a broadcast sends one message to several peers in a
   * row, and a large message is resent as the same object while queues still hold its frame. Null
   * (logged) if it cannot be encoded.
   */
  private byte[] frameOf(Message message, NodeId target, Connection connection) {
    byte[] queued = queuedFrames.frameOf(message);
    if (queued != null) {
      return queued;
    }
    if (message != lastMessage || lastFrame == null) {
      lastMessage = message;
      lastFrame = null; // the old frame is not kept alive while the new one is encoded
      lastFrame = hasRoomFor(message, target, connection) ? encode(message, target) : null;
    }
    return lastFrame;
  }

  /**
   * Whether the output budget can take a large message's frame, counted before it is allocated: a
   * frame the budget would drop is never made (at a leader re-proposing several large slots at
   * once, those frames alone were more than the heap could hold). Small frames are not counted.
   */
  private boolean hasRoomFor(Message message, NodeId target, Connection connection) {
    int size;
    try {
      size = MessageCodec.encodedSize(message);
    } catch (RuntimeException e) {
      return true; // encode() says why it cannot be encoded
    }
    if (size < ByteBudget.SHARED_BYTES_MIN || budget.used() + size <= budget.max()) {
      return true;
    }
    closeHog(connection, size);
    if (budget.used() + size <= budget.max()) {
      return true;
    }
    quiet.log(
        Level.WARNING,
        "output-budget",
        "dropped a "
            + message.getClass().getSimpleName()
            + " of "
            + size
            + " bytes for "
            + target
            + " before encoding it: the output budget of "
            + budget.max()
            + " bytes is spent (the protocol resends)");
    return false;
  }

  /** The frame of {@code message}, or null (logged) if it cannot be encoded. */
  private byte[] encode(Message message, NodeId target) {
    try {
      return MessageCodec.encode(message);
    } catch (RuntimeException e) {
      quiet.log(
          Level.WARNING,
          "encode",
          "dropped a "
              + message.getClass().getSimpleName()
              + " for "
              + target
              + " that cannot be encoded: "
              + e.getMessage());
      return null;
    }
  }

  /**
   * Queues a frame; the queue is written by {@link #flushAll} at the end of the node's step, so
   * that the replies and messages of one step leave in as few system calls as possible.
   */
  boolean write(Connection connection, byte[] frame) {
    if (!connection.channel.isOpen()) {
      return false; // its queue would never be written nor given back to the budget
    }
    if (connection.outbound && connection.unansweredSinceMillis == 0) {
      connection.unansweredSinceMillis = System.currentTimeMillis();
    }
    if (connection.outputBytes + frame.length > limits.outputBytesPerConnectionMax()) {
      closeForOutput(
          connection,
          "output queue over "
              + limits.outputBytesPerConnectionMax()
              + " bytes: the other end does not read");
      return false;
    }
    if (!budget.takeFrame(frame)) {
      closeHog(connection, frame.length);
      if (!budget.takeFrame(frame)) {
        quiet.log(
            Level.WARNING,
            "output-budget",
            "dropped a frame of "
                + frame.length
                + " bytes for "
                + connection.describe()
                + ": the output budget of "
                + budget.max()
                + " bytes is spent");
        return false;
      }
    }
    connection.enqueue(frame);
    if (connection.connected) {
      dirty.add(connection);
    }
    return true;
  }

  /** The budget is spent: closes the largest queue but {@code connection}'s, if it frees enough. */
  private void closeHog(Connection connection, long bytes) {
    Connection hog = largestQueue();
    if (hog != null && hog != connection && hog.outputBytes >= bytes) {
      closeForOutput(
          hog,
          hog.outputBytes
              + " bytes queued while the output budget of "
              + budget.max()
              + " bytes is spent: the other end reads too slowly");
    }
  }

  private Connection largestQueue() {
    Connection largest = null;
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Connection c
          && (largest == null || c.outputBytes > largest.outputBytes)) {
        largest = c;
      }
    }
    return largest;
  }

  /** Writes what the last steps queued. */
  void flushAll() {
    for (Connection connection : dirty) {
      if (connection.channel.isOpen()) {
        flush(connection);
      }
    }
    dirty.clear();
  }

  /** Writes what the connection's queue holds, as far as the socket takes it. */
  void flush(Connection connection) {
    for (byte[] frame : WatchRoutes.release(connection)) {
      if (!write(connection, frame)) {
        return; // closed for its output, or the budget is spent: the client resumes
      }
    }
    try {
      if (connection.tls != null) {
        connection.tls.write(NO_BUFFERS); // handshake bytes and wrapped records waiting
        events.checkPeer(connection);
      }
      while (!connection.output.isEmpty() && writeBatch(connection)) {
        // the whole batch went: try the next one
      }
      if (connection.output.isEmpty() && !connection.pendingWatch.isEmpty()) {
        flush(connection); // the coalesced values of a watcher that caught up
        return;
      }
      connection.updateInterest();
    } catch (IOException e) {
      events.failed(connection, e);
    }
  }

  /**
   * One gathering write: many small frames (replies, accepts) in one system call. True if every
   * frame of the batch was written.
   */
  private boolean writeBatch(Connection connection) throws IOException {
    ByteBuffer[] batch = connection.output.stream().limit(GATHER_MAX).toArray(ByteBuffer[]::new);
    long remaining = remaining(batch);
    if (connection.tls == null) {
      connection.channel.write(batch);
    } else {
      connection.tls.write(batch);
      events.checkPeer(connection);
    }
    connection.wrote(remaining - remaining(batch));
    for (ByteBuffer buffer : batch) {
      if (buffer.hasRemaining()) {
        return false;
      }
      connection.outputBytes -= buffer.limit();
      traffic.written(buffer.limit());
      connection.output.poll();
      giveBack(buffer.array());
    }
    return true;
  }

  private static long remaining(ByteBuffer[] buffers) {
    long bytes = 0;
    for (ByteBuffer buffer : buffers) {
      bytes += buffer.remaining();
    }
    return bytes;
  }

  /** A queue no longer holds {@code frame}: its bytes go back to the output budget. */
  private void giveBack(byte[] frame) {
    if (budget.giveFrame(frame)) {
      queuedFrames.released(frame);
    }
  }

  /** {@code connection} closed: its queue's bytes go back to the budget. */
  void closed(Connection connection) {
    for (ByteBuffer frame : connection.output) {
      giveBack(frame.array());
    }
    connection.output.clear();
    connection.outputBytes = 0;
  }
}
