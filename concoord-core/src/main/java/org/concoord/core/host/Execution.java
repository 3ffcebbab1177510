package org.concoord.core.host;

import java.util.List;

/**
 * The result of executing one call: its {@code response}, or null when the object parked the call
 * (a blocking method); plus the earlier parked calls that this call released.
 */
public record Execution(Response response, List<Release> releases) {
  public Execution {
    releases = List.copyOf(releases);
  }

  public static Execution done(Response response) {
    return new Execution(response, List.of());
  }

  public boolean isParked() {
    return response == null;
  }
}
