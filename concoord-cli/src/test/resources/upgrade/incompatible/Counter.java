package org.concoord.objects;

/** A Counter whose value is text: its state cannot carry over from the bundled one (UpgradeIT). */
public class Counter {
  private String value = "";

  public String getvalue() {
    return value;
  }
}
