package org.concoord.corpus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Refused: a HashSet of enums iterates in identity-hash order, another on each replica. */
public class Votes {
  public enum Color {
    RED,
    GREEN,
    BLUE
  }

  private final HashSet<Color> seen = new HashSet<>();

  public List<Color> vote(Color color) {
    seen.add(color);
    return new ArrayList<>(seen);
  }
}
