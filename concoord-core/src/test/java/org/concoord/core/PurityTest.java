package org.concoord.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core is a pure protocol: no clocks, no randomness of its own, no threads, locks, sockets or
 * files. Time comes in as ticks, randomness as an injected generator, I/O through the effects
 * buffer. This test scans the core's main sources as text, with comments and string literals
 * blanked out so that a class header saying "reads no clock" is not itself a violation.
 */
class PurityTest {
  private static final Path MAIN_SOURCES = Path.of("src/main/java");

  /** What the core must not use, and why each is forbidden. */
  private static final List<Forbidden> FORBIDDEN =
      List.of(
          literal("System.currentTimeMillis", "reads the clock; take ticks as input"),
          literal("System.nanoTime", "reads the clock; take ticks as input"),
          literal("Instant.now", "reads the clock; take ticks as input"),
          regex(
              "new Random(", "new\\s+Random\\s*\\(", "unseeded randomness; take a RandomGenerator"),
          literal("Math.random", "unseeded randomness; take a RandomGenerator"),
          literal("ThreadLocalRandom", "unseeded randomness; take a RandomGenerator"),
          literal("SecureRandom", "unseeded randomness; take a RandomGenerator"),
          regex("new Thread(", "new\\s+Thread\\s*\\(", "starts a thread; the driver owns threads"),
          literal("Thread.sleep", "blocks; the driver owns time"),
          literal("ExecutorService", "concurrency; the driver owns threads"),
          literal("java.net.", "network I/O; emit effects instead"),
          literal("java.nio.channels", "I/O; emit effects instead"),
          literal("java.nio.file", "file I/O; emit durable writes instead"),
          literal("java.io.File", "file I/O; emit durable writes instead"),
          regex("synchronized", "\\bsynchronized\\b", "locking; roles are single-threaded"));

  record Forbidden(String name, Pattern pattern, String reason) {}

  record Violation(Path file, int line, String name, String reason, String text) {
    @Override
    public String toString() {
      return file + ":" + line + ": uses " + name + " (" + reason + "): " + text;
    }
  }

  @Test
  void coreMainSourcesUseNoClockRandomnessThreadsLocksOrIo() throws IOException {
    assertTrue(
        Files.isDirectory(MAIN_SOURCES),
        "run from the concoord-core module directory; no " + MAIN_SOURCES.toAbsolutePath());
    List<Violation> violations = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(MAIN_SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertTrue(files.size() > 10, "found only " + files.size() + " sources; wrong directory?");
    for (Path file : files) {
      violations.addAll(scan(file, Files.readString(file, StandardCharsets.UTF_8)));
    }

    assertTrue(
        violations.isEmpty(),
        violations.size() + " impure uses in the core:\n" + joinLines(violations));
  }

  @Test
  void scannerFindsEachForbiddenUseWithItsLine() {
    String source =
        "class A {\n"
            + "  long now = System.currentTimeMillis();\n"
            + "  java.util.Random r = new Random (1);\n"
            + "  synchronized void f() {}\n"
            + "}\n";

    List<Violation> violations = scan(Path.of("A.java"), source);

    assertEquals(List.of(2, 3, 4), violations.stream().map(Violation::line).toList());
  }

  @Test
  void scannerIgnoresCommentsAndStringLiterals() {
    String source =
        "/** Reads no clock: never System.nanoTime. */\n"
            + "class A { // not synchronized\n"
            + "  String s = \"java.net.Socket \\\" Thread.sleep\";\n"
            + "  char c = '\"'; /* java.nio.file\n"
            + "     still a comment: ExecutorService */ int x;\n"
            + "  String t = \"\"\"\n"
            + "      java.io.File in a text block\n"
            + "      \"\"\";\n"
            + "}\n";

    assertEquals(List.of(), scan(Path.of("A.java"), source));
  }

  @Test
  void scannerDoesNotTakeAnIdentifierContainingAKeywordForIt() {
    String source = "class A { boolean unsynchronizedRead; Thread.State s; }\n";

    assertEquals(List.of(), scan(Path.of("A.java"), source));
  }

  static List<Violation> scan(Path file, String source) {
    List<Violation> violations = new ArrayList<>();
    String[] code = blankCommentsAndLiterals(source).split("\n", -1);
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < code.length; i++) {
      for (Forbidden forbidden : FORBIDDEN) {
        if (forbidden.pattern().matcher(code[i]).find()) {
          violations.add(
              new Violation(file, i + 1, forbidden.name(), forbidden.reason(), lines[i].strip()));
        }
      }
    }
    return violations;
  }

  /**
   * Replaces the content of comments, string and char literals and text blocks with spaces, keeping
   * every newline, so that line numbers still match the file.
   */
  static String blankCommentsAndLiterals(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      String open = opening(source, i);
      if (open == null) {
        out.append(source.charAt(i++));
        continue;
      }
      int start = i;
      i = skipPast(source, i + open.length(), closing(open));
      for (int j = start; j < i; j++) {
        out.append(source.charAt(j) == '\n' ? '\n' : ' ');
      }
    }
    return out.toString();
  }

  /** The comment or literal that opens at {@code i}, or null. Text blocks before strings. */
  private static String opening(String source, int i) {
    for (String open : List.of("//", "/*", "\"\"\"", "\"", "'")) {
      if (source.startsWith(open, i)) {
        return open;
      }
    }
    return null;
  }

  private static String closing(String open) {
    return switch (open) {
      case "//" -> "\n";
      case "/*" -> "*/";
      default -> open;
    };
  }

  /**
   * The index just past {@code close}, honouring backslash escapes inside literals. A line comment
   * stops before its newline, which stays.
   */
  private static int skipPast(String source, int from, String close) {
    boolean literal = !close.equals("*/") && !close.equals("\n");
    int i = from;
    while (i < source.length()) {
      if (literal && source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(close, i)) {
        return close.equals("\n") ? i : i + close.length();
      } else {
        i++;
      }
    }
    return source.length();
  }

  private static Forbidden literal(String text, String reason) {
    return new Forbidden(text, Pattern.compile(Pattern.quote(text)), reason);
  }

  /** A pattern for names that need word boundaries or spacing; shown as {@code name}. */
  private static Forbidden regex(String name, String pattern, String reason) {
    return new Forbidden(name, Pattern.compile(pattern), reason);
  }

  private static String joinLines(List<Violation> violations) {
    StringBuilder text = new StringBuilder();
    for (Violation violation : violations) {
      text.append("  ").append(violation).append('\n');
    }
    return text.toString();
  }
}
