package org.concoord.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Refused: Set.of iterates in an order salted per JVM. */
public class SetOrder {
  private final ArrayList<String> names = new ArrayList<>();

  public List<String> add(String a, String b) {
    names.addAll(Set.of(a, b));
    return names;
  }
}
