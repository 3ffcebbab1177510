package org.concoord.core.host;

import java.util.Objects;

/** A parked call (clientId, seq) that a later call completed with {@code response}. */
public record Release(long clientId, long seq, Response response) {
  public Release {
    Objects.requireNonNull(response, "response");
  }
}
