package org.concoord.runtime.metrics;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * JSON string quoting for the few small documents the admin listener writes by hand, through
 * Jackson's encoder (the library the core already uses for values) rather than a second one.
 */
public final class Json {
  private Json() {}

  /** {@code text} as a JSON string literal, with quotes, backslashes and controls escaped. */
  public static String quote(String text) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
  }
}
