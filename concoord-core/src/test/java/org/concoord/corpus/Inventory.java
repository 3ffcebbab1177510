package org.concoord.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Nested containers. */
public class Inventory {
  private final TreeMap<String, ArrayList<Integer>> lots = new TreeMap<>();

  public int add(String sku, int quantity) {
    lots.computeIfAbsent(sku, k -> new ArrayList<>()).add(quantity);
    return lots.get(sku).size();
  }

  public List<Integer> lots(String sku) {
    return lots.getOrDefault(sku, new ArrayList<>());
  }
}
