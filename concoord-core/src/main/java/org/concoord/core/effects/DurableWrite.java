package org.concoord.core.effects;

import java.util.Objects;
import org.concoord.core.Ballot;
import org.concoord.core.PValue;

/** A write an acceptor needs on stable storage before the reply that depends on it leaves. */
public sealed interface DurableWrite {
  /** The acceptor promised {@code ballot}: it will accept nothing below it. */
  record PromiseWrite(Ballot ballot) implements DurableWrite {
    public PromiseWrite {
      Objects.requireNonNull(ballot, "ballot");
    }
  }

  /**
   * The acceptor forgot every pvalue below {@code slotBelow} and will refuse phase 1 from below it
   * ({@code Truncate}). No reply waits for it; it is durable so that a log compacted below that
   * slot still tells a restarted acceptor what it forgot.
   */
  record TruncateWrite(long slotBelow) implements DurableWrite {
    public TruncateWrite {
      if (slotBelow < 1) {
        throw new IllegalArgumentException("slotBelow must be >= 1: " + slotBelow);
      }
    }
  }

  /** The acceptor accepted {@code pvalue} (and so promised its ballot). */
  record AcceptWrite(PValue pvalue) implements DurableWrite {
    public AcceptWrite {
      Objects.requireNonNull(pvalue, "pvalue");
    }
  }
}
