package org.concoord.core.host;

import java.util.Arrays;
import java.util.Objects;
import org.concoord.core.message.Outcome;

/**
 * The final result of a call: OK (or UNBLOCKED, for a released parked call) with the encoded
 * result, EXCEPTION with the encoded [type, message], or REJECTED with an encoded reason.
 */
public record Response(Outcome outcome, byte[] payload) {
  public Response {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Response r && outcome == r.outcome && Arrays.equals(payload, r.payload);
  }

  @Override
  public int hashCode() {
    return 31 * outcome.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Response[" + outcome + " " + payload.length + "B]";
  }
}
