package org.concoord.corpus;

import java.math.BigInteger;

/** A counter past any long. */
public class BigCounter {
  private BigInteger value = BigInteger.ONE;

  public BigInteger multiply(BigInteger factor) {
    value = value.multiply(factor);
    return value;
  }

  public BigInteger value() {
    return value;
  }
}
