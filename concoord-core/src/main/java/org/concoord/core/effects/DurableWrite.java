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

  /** The acceptor accepted {@code pvalue} (and so promised its ballot). */
  record AcceptWrite(PValue pvalue) implements DurableWrite {
    public AcceptWrite {
      Objects.requireNonNull(pvalue, "pvalue");
    }
  }
}
