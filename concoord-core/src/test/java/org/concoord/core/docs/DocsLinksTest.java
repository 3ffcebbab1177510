package org.concoord.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation stands on its own: every relative link of README.md and docs/*.md names a file
 * of the repository, and no text sends the reader to the design notes outside it (the glossary is
 * docs/glossary.md). Runs from concoord-core, one level below the root.
 */
class DocsLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
  private static final Pattern OUTSIDE =
      Pattern.compile("\\.\\./shared|shared/(ARCHITECTURE|" + "reviews|peers|seed|STYLE|TESTING)");

  @Test
  void everyRelativeLinkNamesAFileOfTheRepositoryAndNothingPointsOutside() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : documents()) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        String where = ROOT.relativize(doc) + ":" + (i + 1);
        Matcher link = LINK.matcher(lines.get(i));
        while (link.find()) {
          String target = link.group(1);
          if (target.contains("://") || target.startsWith("mailto:")) {
            continue;
          }
          Path resolved = doc.getParent().resolve(target).normalize();
          if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
            problems.add(where + " links to " + target + ", not a file of the repository");
          }
        }
        if (OUTSIDE.matcher(lines.get(i)).find()) {
          problems.add(where + " points outside the repository: " + lines.get(i).trim());
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }
}
