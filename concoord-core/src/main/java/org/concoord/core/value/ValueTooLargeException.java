package org.concoord.core.value;

/** A value that needs more bytes than its bound allows; thrown as soon as encoding passes it. */
public final class ValueTooLargeException extends ValueException {
  private static final long serialVersionUID = 1L;

  private final long bytesAtLeast;

  public ValueTooLargeException(long bytesAtLeast, long bytesMax) {
    super("the value needs more than " + bytesMax + " bytes (at least " + bytesAtLeast + ")");
    this.bytesAtLeast = bytesAtLeast;
  }

  /** The size, not the place, is what the caller reports: the same exception, unwrapped. */
  @Override
  public ValueException within(String where) {
    return this;
  }

  /** How many bytes the encoding had reached when it stopped: a lower bound of its size. */
  public long bytesAtLeast() {
    return bytesAtLeast;
  }
}
