package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.Ballot;

/**
 * Active leader -> replicas and nameservers, every heartbeat interval: "{@code ballot} leads and
 * has decided every slot up to {@code slotDecidedMax}". Keeps followers from starting elections and
 * tells a lagging replica to catch up. No fsync needed.
 */
public record Heartbeat(Ballot ballot, long slotDecidedMax) implements Message {
  public Heartbeat {
    Objects.requireNonNull(ballot, "ballot");
  }
}
