package org.concoord.core.message;

import java.util.Objects;
import org.concoord.core.PValue;

/** Leader -> acceptor, phase 2 (PMMC p2a): accept this pvalue. No fsync needed before sending. */
public record Propose(PValue pvalue) implements Message {
  public Propose {
    Objects.requireNonNull(pvalue, "pvalue");
  }
}
