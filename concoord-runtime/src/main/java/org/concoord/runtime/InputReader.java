package org.concoord.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import org.concoord.core.codec.Decoded;
import org.concoord.core.codec.FrameReader;
import org.concoord.core.message.Message;

/**
 * The input side of a node's connections: reads each connection into its input buffer and cuts the
 * buffer into frames, within one byte budget for all connections ({@link NetLimits#inputBytesMax}).
 * A buffer exists only while bytes arrive, grows only as they arrive (never to what a length prefix
 * merely announces), up to one frame, and shrinks after it; when the budget is spent, reading that
 * connection pauses until some other buffer is given back (backpressure), except for one connection
 * that may always finish its frame, so that the connections holding parts of frames cannot all wait
 * on each other.
 *
 * <p>Decodes nothing itself beyond the frame boundaries: each frame goes to the transport's {@link
 * Events#deliver}. Not thread-safe: the node thread's.
 */
final class InputReader {
  /** What the transport does for the input side. */
  interface Events {
    void deliver(Connection connection, Decoded<Message> decoded);

    void close(Connection connection, String why);

    /** The TLS handshake may have finished: check the peer; false if it was closed. */
    boolean checkPeer(Connection connection);

    /** Writes what waits on the connection (the handshake may just have finished). */
    void flush(Connection connection);
  }

  private final ByteBudget budget;
  private final TrafficCounters traffic;
  private final QuietLog quiet;
  private final Events events;
  private final Set<Connection> paused = new LinkedHashSet<>();

  /**
   * The one connection allowed to finish its frame beyond the input budget: when every connection
   * holding part of a frame waits for budget, none would ever finish; this one always can (so input
   * buffers hold at most the budget plus one frame).
   */
  private Connection finishing;

  private long pauses;

  InputReader(NetLimits limits, TrafficCounters traffic, QuietLog quiet, Events events) {
    this.budget = new ByteBudget(limits.inputBytesMax());
    this.traffic = traffic;
    this.quiet = quiet;
    this.events = events;
  }

  long held() {
    return budget.used();
  }

  long pauses() {
    return pauses;
  }

  /** Reads what the connection has and hands on every frame it completes. */
  void read(Connection connection) throws IOException {
    do {
      if (!readOnce(connection)) {
        return;
      }
    } while (connection.tls != null
        && connection.tls.hasBufferedInput()
        && connection.channel.isOpen());
    if (connection.tls != null && connection.channel.isOpen() && !connection.output.isEmpty()) {
      events.flush(connection); // the handshake may just have finished: what waited can go
    }
  }

  /**
   * One read into the input buffer and the frames it completes; false if the connection closed or
   * waits for input budget.
   */
  private boolean readOnce(Connection connection) throws IOException {
    if (connection.input == null) {
      if (!budget.take(Connection.INPUT_INITIAL)) {
        pause(connection);
        return false;
      }
      connection.input = ByteBuffer.allocate(Connection.INPUT_INITIAL);
    }
    int n =
        connection.tls == null
            ? connection.channel.read(connection.input)
            : connection.tls.read(connection.input);
    traffic.read(n);
    if (n < 0) {
      events.close(connection, "closed by the other end");
      return false;
    }
    if (connection.tls != null && !events.checkPeer(connection)) {
      return false;
    }
    boolean filled = !connection.input.hasRemaining();
    if (n > 0) {
      connection.heardMillis = System.currentTimeMillis();
    }
    connection.input.flip();
    try {
      if (!frames(connection)) {
        return false;
      }
    } finally {
      if (connection.channel.isOpen()) {
        connection.input.compact();
        if (filled && connection.input.capacity() < Connection.INPUT_BUSY_MAX) {
          busier(connection);
        } else {
          shrink(connection);
        }
      }
    }
    return connection.channel.isOpen() && !connection.paused;
  }

  /** Hands on each whole frame of the buffer (read mode); false if one was over the bound. */
  private boolean frames(Connection connection) {
    while (connection.channel.isOpen()) {
      FrameReader.Result<Message> result = FrameReader.next(connection.input);
      if (result instanceof FrameReader.Result.NeedMore<Message> more) {
        if (!growFor(connection, more.frameBytes())) {
          pause(connection);
        }
        return true;
      } else if (result instanceof FrameReader.Result.TooLong<Message> tooLong) {
        events.close(connection, "frame of " + tooLong.length() + " bytes is over the bound");
        return false;
      } else if (result instanceof FrameReader.Result.Ready<Message> ready) {
        events.deliver(connection, ready.decoded());
      }
    }
    return true;
  }

  /** A read filled the buffer: more is waiting, so read more at a time (up to 64 KiB). */
  private void busier(Connection connection) {
    ByteBuffer input = connection.input;
    int size = Math.min(Connection.INPUT_BUSY_MAX, 2 * input.capacity());
    if (size <= input.capacity() || !budget.take(size - input.capacity())) {
      return;
    }
    ByteBuffer bigger = ByteBuffer.allocate(size);
    input.flip();
    bigger.put(input);
    connection.input = bigger;
  }

  /**
   * Makes more room for a frame of {@code frameBytes} (bounded by the codec's frame limit) once the
   * buffer is full: twice the room, or the frame's size if less. So a buffer grows only as bytes
   * arrive, whatever the length prefix announces. False if the input budget is spent.
   */
  private boolean growFor(Connection connection, int frameBytes) {
    ByteBuffer input = connection.input;
    if (frameBytes <= input.capacity() || input.remaining() < input.capacity()) {
      return true; // room left to read into
    }
    int size = (int) Math.min(frameBytes, 2L * input.capacity());
    if (!budget.take(size - input.capacity())) {
      if (finishing != null && finishing != connection && finishing.channel.isOpen()) {
        return false; // another finishes its frame first; this one waits (backpressure)
      }
      finishing = connection;
      budget.force(size - input.capacity());
    }
    ByteBuffer bigger = ByteBuffer.allocate(size);
    bigger.put(input);
    bigger.flip();
    connection.input = bigger;
    return true;
  }

  /** Back to a small buffer once a large frame is read (the buffer is in write mode here). */
  private void shrink(Connection connection) {
    ByteBuffer input = connection.input;
    if (input.capacity() <= Connection.INPUT_BUSY_MAX
        || input.position() > Connection.INPUT_INITIAL / 2) {
      return; // a busy connection keeps up to 64 KiB; a large frame's buffer is given back
    }
    ByteBuffer small = ByteBuffer.allocate(Connection.INPUT_INITIAL);
    input.flip();
    small.put(input);
    connection.input = small;
    budget.give(input.capacity() - Connection.INPUT_INITIAL);
    if (finishing == connection) {
      finishing = null;
    }
    resumePaused();
  }

  /** Stops reading a connection until the input budget has room again (backpressure). */
  private void pause(Connection connection) {
    if (!connection.paused) {
      connection.paused = true;
      pauses++;
      paused.add(connection);
      quiet.log(
          Level.INFO,
          "input-budget",
          "reading paused: the input budget of " + budget.max() + " bytes is spent");
      connection.updateInterest();
    }
  }

  private void resumePaused() {
    for (Connection connection : paused) {
      connection.paused = false;
      connection.updateInterest();
    }
    paused.clear();
  }

  /** {@code connection} closed: its buffer goes back to the budget, and the paused may read. */
  void closed(Connection connection) {
    if (connection.input != null) {
      budget.give(connection.input.capacity());
      connection.input = null;
      if (finishing == connection) {
        finishing = null;
      }
      resumePaused();
    }
    paused.remove(connection);
  }
}
