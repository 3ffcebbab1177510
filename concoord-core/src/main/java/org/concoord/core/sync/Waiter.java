package org.concoord.core.sync;

import java.util.Objects;
import org.concoord.core.host.Parked;

/**
 * One waiting call in a {@link WaitQueue}: its parked handle and the tag the object gave it (null
 * if none). A plain value, equal to another of the same call and tag; its fields are not final only
 * so that a field-based snapshot of the object can restore it.
 */
public final class Waiter {
  private Parked call;
  private String tag;

  public Waiter(Parked call, String tag) {
    this.call = Objects.requireNonNull(call, "call");
    this.tag = tag;
  }

  @SuppressWarnings("unused") // for snapshot readers that build objects field by field
  private Waiter() {}

  public Parked call() {
    return call;
  }

  /** The client waiting. */
  public long clientId() {
    return call.clientId();
  }

  public String tag() {
    return tag;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Waiter w && call.equals(w.call) && Objects.equals(tag, w.tag);
  }

  @Override
  public int hashCode() {
    return 31 * call.hashCode() + Objects.hashCode(tag);
  }

  @Override
  public String toString() {
    return tag == null ? call.toString() : call + " " + tag;
  }
}
