package org.concoord.corpus;

/** Refused: a field declared Object does not say what a snapshot must build. */
public class AnyBox {
  private Object content;

  public void put(String value) {
    content = value;
  }

  public String get() {
    return String.valueOf(content);
  }
}
