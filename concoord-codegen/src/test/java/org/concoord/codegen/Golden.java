package org.concoord.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden/. Regenerate them all with {@code mvn -pl
 * concoord-codegen test -Dgolden.update=true}, then review the diff.
 */
final class Golden {
  /** Relative to the module directory, where surefire runs the tests. */
  static final Path DIRECTORY = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  static void assertMatches(String fileName, String actual) {
    Path file = DIRECTORY.resolve(fileName);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(DIRECTORY);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertTrue(
          Files.exists(file),
          file.toAbsolutePath()
              + " is missing: run the tests with"
              + " -Dgolden.update=true to write it");
      assertEquals(
          Files.readString(file, StandardCharsets.UTF_8),
          actual,
          file
              + " differs from"
              + " the generated text; if the change is intended, run with -Dgolden.update=true");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
