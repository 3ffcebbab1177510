package org.concoord.core.replica;

import org.concoord.core.host.Caller;
import org.concoord.core.host.ReadOnly;

/** A register for the read path's tests: one writer, reads marked read-only, one blocking read. */
public class ReadRegister {
  private long value;

  public long set(long newValue) {
    value = newValue;
    return value;
  }

  @ReadOnly
  public long get() {
    return value;
  }

  /** Read-only but may park (it takes a Caller): it goes through the log. */
  @ReadOnly
  public long getWaiting(Caller caller) {
    return value;
  }

  /** Reads too, but is not judged read-only (not marked): through the log. */
  public long peek() {
    return value;
  }
}
