package org.concoord.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concoord.codegen.safety.Category;
import org.concoord.core.value.JdkContainers;
import org.concoord.core.value.MapKeys;
import org.concoord.core.value.TextScalars;
import org.junit.jupiter.api.Test;

/**
 * docs/objects-and-proxies.md lists the supported types and the check's categories; this keeps
 * those tables and the code's lists in step (a type added to the code and not to the docs, or the
 * other way round, fails here).
 */
class ObjectDocsTest {
  private static final Path DOC = Path.of("../docs/objects-and-proxies.md");
  private static final Pattern CODE = Pattern.compile("`([A-Za-z_\\[\\]]+)`");

  /** The first cells of the table that follows {@code marker}. */
  private static List<String> firstCells(String marker) throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        start = i;
        break;
      }
    }
    assertTrue(start >= 0, marker + " not found in " + DOC);
    List<String> cells = new ArrayList<>();
    int i = start;
    while (i < lines.size() && !lines.get(i).startsWith("|")) {
      i++;
    }
    for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      cells.add(lines.get(i).split("\\|")[1]);
    }
    return cells;
  }

  private static Set<String> codeNames(List<String> cells) {
    Set<String> names = new TreeSet<>();
    for (String cell : cells) {
      Matcher m = CODE.matcher(cell);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void theSupportedTypesTableNamesExactlyTheTypesTheCodecsSupport() throws IOException {
    Set<String> documented = codeNames(firstCells("<!-- supported-types"));
    Set<String> supported = new TreeSet<>();
    MapKeys.SCALAR_KEYS.forEach(c -> supported.add(c.getSimpleName()));
    TextScalars.TYPES.forEach(c -> supported.add(c.getSimpleName()));
    JdkContainers.COLLECTIONS.keySet().forEach(c -> supported.add(c.getSimpleName()));
    JdkContainers.MAPS.keySet().forEach(c -> supported.add(c.getSimpleName()));
    // Carried by the state check and the scalar decoders rather than by those lists:
    supported.addAll(
        List.of(
            "byte[]",
            "PriorityQueue",
            "Optional",
            "AtomicInteger",
            "AtomicLong",
            "AtomicBoolean",
            "Parked",
            "long",
            "double",
            "float"));
    assertEquals(supported, documented);
  }

  @Test
  void theSafetyTableHasARowForEveryCategory() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String cell : firstCells("| category (label) |")) {
      Matcher m = CODE.matcher(cell);
      if (m.find()) {
        documented.add(m.group(1));
      }
    }
    Set<String> categories = new TreeSet<>();
    Arrays.stream(Category.values()).forEach(c -> categories.add(c.name()));
    assertEquals(categories, documented);
  }
}
