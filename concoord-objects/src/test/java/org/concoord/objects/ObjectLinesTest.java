package org.concoord.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/objects.md gives each object's ConCoord-specific line count; this recounts them by the rule
 * written there, and holds every object to at most {@value #LINES_MAX}.
 */
class ObjectLinesTest {
  static final int LINES_MAX = 4;
  private static final Path SOURCES = Path.of("src/main/java/org/concoord/objects");
  private static final Path PRIMITIVES =
      Path.of("../concoord-core/src/main/java/org/concoord/core/sync");
  private static final Path DOCS = Path.of("../docs/objects.md");
  private static final Pattern ROW = Pattern.compile("^\\| (\\w+) \\| [^|]* \\| (\\d+) \\|");

  /** A variable declared as a handle on the host: its name. */
  private static final Pattern HANDLE = Pattern.compile("\\b(?:Caller|Parked)\\s+(\\w+)\\b");

  /** Host calls that name no handle variable (a lambda's parameter, a chained call). */
  private static final Pattern HOST_CALL =
      Pattern.compile(
          "\\.\\s*(?:resume|fail|isPending)\\s*\\(|\\.\\s*park\\s*\\(\\s*\\)|\\bsessionExpired\\b");

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)'");

  /** Caller, Parked, SessionAware and the primitives of org.concoord.core.sync. */
  static Set<String> concoordTypes() throws IOException {
    Set<String> types = new TreeSet<>(List.of("Caller", "Parked", "SessionAware"));
    try (var files = Files.list(PRIMITIVES)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".java"))
          .forEach(n -> types.add(n.replace(".java", "")));
    }
    assertTrue(types.contains("WaitQueue"), "no primitives found in " + PRIMITIVES);
    return types;
  }

  /** The lines of {@code source} that name ConCoord, by the rule in docs/objects.md. */
  static long concoordLines(List<String> source, Set<String> types) {
    List<String> code = new ArrayList<>();
    for (String line : source) {
      String trimmed = line.trim();
      boolean comment =
          trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*");
      String stripped = STRING.matcher(line).replaceAll("\"\"");
      int slashes = stripped.indexOf("//");
      code.add(comment ? "" : slashes >= 0 ? stripped.substring(0, slashes) : stripped);
    }
    Set<String> handles = new TreeSet<>();
    code.forEach(line -> HANDLE.matcher(line).results().forEach(m -> handles.add(m.group(1))));
    Pattern named = Pattern.compile("\\b(?:" + String.join("|", types) + ")\\b");
    Pattern used =
        handles.isEmpty()
            ? null
            : Pattern.compile("\\b(?:" + String.join("|", handles) + ")\\s*\\.\\s*\\w+\\s*\\(");
    return code.stream()
        .filter(
            line ->
                line.trim().startsWith("import org.concoord.")
                    || named.matcher(line).find()
                    || HOST_CALL.matcher(line).find()
                    || (used != null && used.matcher(line).find()))
        .count();
  }

  @Test
  void eachKindOfConcoordLineCountsOnceAndCallsOnAPrimitiveDoNot() throws IOException {
    List<String> source =
        List.of(
            "import java.util.List;",
            "import org.concoord.core.host.*;", // 1: a wildcard import is one line
            "import org.concoord.core.sync.WaitQueue;", // 2
            "/** Uses a Caller and a WaitQueue. */",
            "public class X implements SessionAware {", // 3
            "  private final WaitQueue waiters = new WaitQueue();", // 4
            "  private final List<Parked> parked = new java.util.ArrayList<>();", // 5
            "  public String take(Caller caller) {", // 6: a method taking a Caller
            "    waiters.park(caller); // a call on a primitive: not counted",
            "    long me = caller.clientId();", // 7: the Caller's own method
            "    parked.add(caller", // not counted: the next line is
            "        .park());", // 8
            "    parked.forEach(p -> p.resume(\"Caller\"));", // 9: a Parked's own method
            "    return \"WaitQueue\";",
            "  }",
            "  public void sessionExpired(long clientId) {}", // 10
            "}");
    assertEquals(10, concoordLines(source, concoordTypes()));
  }

  @Test
  void docsTableGivesEachObjectsConcoordLineCountAndNoObjectHasMoreThanFour() throws IOException {
    Map<String, Long> documented = new TreeMap<>();
    for (String line : Files.readAllLines(DOCS)) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        documented.put(row.group(1), Long.parseLong(row.group(2)));
      }
    }
    Set<String> types = concoordTypes();
    Map<String, Long> counted = new TreeMap<>();
    try (var files = Files.list(SOURCES)) {
      for (Path file : files.sorted().toList()) {
        counted.put(
            file.getFileName().toString().replace(".java", ""),
            concoordLines(Files.readAllLines(file), types));
      }
    }
    assertTrue(counted.size() >= 20, counted.toString());
    assertEquals(counted, documented);
    counted.forEach(
        (object, lines) ->
            assertTrue(
                lines <= LINES_MAX,
                object + " has " + lines + " ConCoord lines, more than " + LINES_MAX));
  }
}
