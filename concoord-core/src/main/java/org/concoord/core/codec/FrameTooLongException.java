package org.concoord.core.codec;

/**
 * Thrown by an encoder asked to write a frame longer than {@link WireFormat#FRAME_LENGTH_MAX}: the
 * peer would refuse it and close the connection. Carries the length so that the sender can split
 * its content (fewer batches in a catch-up, fewer pvalues in a promise) and try again.
 */
public final class FrameTooLongException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long length;

  public FrameTooLongException(long length) {
    super("frame of " + length + " bytes exceeds " + WireFormat.FRAME_LENGTH_MAX);
    this.length = length;
  }

  /** Bytes the frame would have after its length prefix (or at least that many). */
  public long length() {
    return length;
  }
}
