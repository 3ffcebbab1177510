package org.concoord.corpus;

import java.util.HashMap;
import java.util.Map;

/** Refused: a HashMap keyed by an enum iterates in identity-hash order. */
public class EnumHashMap {
  public enum Kind {
    A,
    B,
    C
  }

  private final HashMap<Kind, Long> counts = new HashMap<>();

  public Map<Kind, Long> count(Kind kind) {
    counts.merge(kind, 1L, Long::sum);
    return counts;
  }
}
