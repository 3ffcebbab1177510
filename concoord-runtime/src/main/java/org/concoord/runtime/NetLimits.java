package org.concoord.runtime;

import org.concoord.core.codec.WireFormat;

/**
 * The transport's memory and connection budgets. Derived from the heap ({@link #fromHeap}) so that
 * what the transport may hold at once stays well under {@code -Xmx}; each can be overridden by a
 * system property (docs/operations.md, "Limits and budgets"). Reaching one means backpressure
 * (reading pauses), a refused or closed connection, or a dropped frame the protocol resends, never
 * an OutOfMemoryError.
 *
 * @param connectionsMax inbound connections held at once; more are closed as they arrive
 * @param connectionsPerAddressMax inbound connections from one remote IP address
 * @param idleMillis an inbound connection that sends nothing for this long is closed
 * @param inputBytesMax bytes of all connections' input buffers together; a connection that needs
 *     more to finish a frame stops being read until others give some back
 * @param outputBytesMax bytes queued for writing on all connections together
 * @param outputBytesPerConnectionMax bytes queued on one connection; past it the connection is
 *     closed (a peer or client that does not read)
 */
public record NetLimits(
    int connectionsMax,
    int connectionsPerAddressMax,
    long idleMillis,
    long inputBytesMax,
    long outputBytesMax,
    long outputBytesPerConnectionMax) {

  /** One whole frame with its length prefix: every byte budget holds at least two. */
  static final long FRAME_BYTES =
      WireFormat.LENGTH_PREFIX_BYTES + (long) WireFormat.FRAME_LENGTH_MAX;

  public NetLimits {
    if (connectionsMax < 1 || connectionsPerAddressMax < 1 || idleMillis < 1) {
      throw new IllegalArgumentException("connection limits must be >= 1");
    }
    if (inputBytesMax < FRAME_BYTES
        || outputBytesPerConnectionMax < FRAME_BYTES
        || outputBytesMax < outputBytesPerConnectionMax) {
      throw new IllegalArgumentException(
          "byte budgets must each hold a whole frame (" + FRAME_BYTES + " bytes)");
    }
  }

  /** The budgets for a heap of {@code heapBytes} (Runtime.maxMemory). */
  public static NetLimits fromHeap(long heapBytes) {
    long quarter = heapBytes / 4;
    long twoFrames = 2 * FRAME_BYTES;
    int connections = (int) Math.max(256, Math.min(16_384, heapBytes / (32 << 10)));
    return new NetLimits(
        connections,
        Math.max(64, connections / 4),
        300_000,
        Math.max(twoFrames, quarter),
        Math.max(twoFrames, quarter),
        Math.max(FRAME_BYTES, heapBytes / 8));
  }

  /**
   * The budgets of this process: from its heap, then any of the system properties {@code
   * concoord.connections.max}, {@code concoord.connections.per-address.max}, {@code
   * concoord.idle.seconds}.
   */
  public static NetLimits current() {
    NetLimits heap = fromHeap(Runtime.getRuntime().maxMemory());
    return new NetLimits(
        Integer.getInteger("concoord.connections.max", heap.connectionsMax),
        Integer.getInteger("concoord.connections.per-address.max", heap.connectionsPerAddressMax),
        Long.getLong("concoord.idle.seconds", heap.idleMillis / 1000) * 1000,
        heap.inputBytesMax,
        heap.outputBytesMax,
        heap.outputBytesPerConnectionMax);
  }
}
