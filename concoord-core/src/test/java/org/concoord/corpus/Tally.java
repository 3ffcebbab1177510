package org.concoord.corpus;

import java.util.EnumMap;

/** Votes by enum constant, in an EnumMap (enum keys iterate in declaration order). */
public class Tally {
  public enum Color {
    RED,
    GREEN,
    BLUE
  }

  private final EnumMap<Color, Long> counts = new EnumMap<>(Color.class);

  public long vote(Color color) {
    return counts.merge(color, 1L, Long::sum);
  }

  public EnumMap<Color, Long> counts() {
    return counts;
  }
}
