package org.concoord.corpus;

import java.math.BigDecimal;
import java.util.TreeMap;

/** Prices by item, exact to the cent and beyond. */
public class PriceBook {
  private final TreeMap<String, BigDecimal> prices = new TreeMap<>();

  public void set(String item, BigDecimal price) {
    prices.put(item, price);
  }

  public BigDecimal price(String item) {
    return prices.get(item);
  }

  public TreeMap<String, BigDecimal> all() {
    return prices;
  }
}
