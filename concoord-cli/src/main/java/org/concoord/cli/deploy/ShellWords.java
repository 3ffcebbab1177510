package org.concoord.cli.deploy;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for the POSIX shell that runs commands on a host over SSH. */
final class ShellWords {
  private ShellWords() {}

  /** {@code word} as one shell word, whatever it holds: single-quoted, quotes escaped. */
  static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:@%+=,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  static String join(List<String> words) {
    return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
  }
}
