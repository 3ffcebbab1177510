package org.concoord.examples.inventory;

import java.util.Map;
import java.util.TreeMap;
import org.concoord.client.Replicated;

/**
 * A shop's stock, replicated: every replica holds the same counts because every replica runs the
 * same calls in the same order. {@code @Replicated} makes the build generate
 * {@code InventoryProxy} and check at compile time that nothing here differs between replicas
 * (no clock, no randomness, no threads, no I/O).
 */
@Replicated
public class Inventory {
  private final TreeMap<String, Integer> stock = new TreeMap<>();

  /** Adds {@code count} of {@code item}; returns how many there are now. */
  public int add(String item, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    return stock.merge(item, count, Integer::sum);
  }

  /**
   * Takes {@code count} of {@code item} out; returns how many are left.
   *
   * @throws OutOfStockException if fewer are in stock (nothing is taken)
   */
  public int take(String item, int count) throws OutOfStockException {
    int held = stock.getOrDefault(item, 0);
    if (held < count) {
      throw new OutOfStockException(item + ": " + held + " in stock, " + count + " asked");
    }
    if (held == count) {
      stock.remove(item);
    } else {
      stock.put(item, held - count);
    }
    return held - count;
  }

  public int count(String item) {
    return stock.getOrDefault(item, 0);
  }

  /** Every item in stock with its count, by name. */
  public Map<String, Integer> stock() {
    return new TreeMap<>(stock);
  }
}
