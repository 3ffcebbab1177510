package org.concoord.codegen;

import java.util.List;

/**
 * Java source text built line by line: two spaces per indentation level, continuation lines four
 * spaces deeper, lines kept within {@value #WIDTH} columns where a break can help, '\n' line ends.
 */
final class Lines {
  static final int WIDTH = 100;
  private static final String INDENT = "  ";

  private final StringBuilder text = new StringBuilder();

  Lines line(int level, String line) {
    text.append(INDENT.repeat(level)).append(line).append('\n');
    return this;
  }

  /**
   * {@code head + items joined by ", " + tail} on one line if it fits; else the items on
   * continuation lines after {@code head}, together if they fit, otherwise one per line.
   */
  Lines wrapped(int level, String head, List<String> items, String tail) {
    String joined = String.join(", ", items);
    if (fits(level, head + joined + tail) || items.isEmpty()) {
      return line(level, head + joined + tail);
    }
    line(level, head);
    if (fits(level + 2, joined + tail)) {
      return line(level + 2, joined + tail);
    }
    for (int i = 0; i < items.size(); i++) {
      line(level + 2, items.get(i) + (i < items.size() - 1 ? "," : tail));
    }
    return this;
  }

  private static boolean fits(int level, String text) {
    return INDENT.length() * level + text.length() <= WIDTH;
  }

  Lines blank() {
    text.append('\n');
    return this;
  }

  Lines append(Lines other) {
    text.append(other.text);
    return this;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
