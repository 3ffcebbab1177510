package org.concoord.examples.inventory;

/** A take asked for more than the stock holds. The proxy rethrows it as itself. */
public class OutOfStockException extends Exception {
  private static final long serialVersionUID = 1L;

  public OutOfStockException(String message) {
    super(message);
  }
}
