package org.concoord.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/objects.md gives each object's ConCoord-specific line count; this recounts them. */
class ObjectLinesTest {
  private static final Path SOURCES = Path.of("src/main/java/org/concoord/objects");
  private static final Path DOCS = Path.of("../docs/objects.md");
  private static final Pattern CONCOORD = Pattern.compile(
      "\\b(Caller|Parked|SessionAware|park|resume|fail|isPending|sessionExpired)\\b");
  private static final Pattern ROW = Pattern.compile("^\\| (\\w+) \\| [^|]* \\| (\\d+)[^|]*\\|");

  static long concoordLines(Path source) throws IOException {
    return Files.readAllLines(source).stream()
        .filter(l -> !l.trim().matches("(import |//|\\*|/\\*\\*).*"))
        .filter(l -> CONCOORD.matcher(l).find()).count();
  }

  @Test
  void docsTableGivesEachObjectsConcoordLineCount() throws IOException {
    Map<String, Long> documented = new TreeMap<>();
    for (String line : Files.readAllLines(DOCS)) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        documented.put(row.group(1), Long.parseLong(row.group(2)));
      }
    }
    Map<String, Long> counted = new TreeMap<>();
    try (var files = Files.list(SOURCES)) {
      for (Path file : files.sorted().toList()) {
        counted.put(file.getFileName().toString().replace(".java", ""), concoordLines(file));
      }
    }
    assertTrue(counted.size() >= 20, counted.toString());
    assertEquals(counted, documented);
  }
}
