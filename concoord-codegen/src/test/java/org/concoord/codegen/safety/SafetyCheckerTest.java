package org.concoord.codegen.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.concoord.codegen.ClassFiles;
import org.concoord.codegen.fixtures.safe.Harmless;
import org.concoord.objects.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture under fixtures/unsafe holds one forbidden construct on a line marked {@code //
 * expect CATEGORY} (with "no line" where the bytecode has none); the checker must report that
 * category on that line and nothing of another category.
 */
class SafetyCheckerTest {
  private static final String UNSAFE_PACKAGE = "org.concoord.codegen.fixtures.unsafe";
  private static final Path UNSAFE_SOURCES =
      Path.of("src/test/java", UNSAFE_PACKAGE.replace('.', '/'));
  private static final Pattern MARKER = Pattern.compile("// expect ([A-Z_]+)");

  /** The fixtures' compiled classes: Maven's test-classes directory. */
  static Path testClasses() {
    try {
      return Path.of(Harmless.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> unsafeFixtures() throws IOException {
    try (Stream<Path> files = Files.list(UNSAFE_SOURCES)) {
      List<String> names =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".java") && !n.equals("OtherPackageHelper.java"))
              .map(n -> n.substring(0, n.length() - 5))
              .sorted()
              .toList();
      assertTrue(names.size() >= 40, "expected the fixtures under " + UNSAFE_SOURCES);
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0} is rejected")
  @MethodSource("unsafeFixtures")
  void eachUnsafeFixtureIsRejectedWithItsCategoryOnItsLine(String fixture) throws IOException {
    List<String> lines = Files.readAllLines(UNSAFE_SOURCES.resolve(fixture + ".java"));
    Category expected = null;
    int expectedLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (marker.find()) {
        expected = Category.valueOf(marker.group(1));
        expectedLine = lines.get(i).contains("no line") ? 0 : i + 1;
      }
    }
    assertTrue(expected != null, fixture + " has no '// expect CATEGORY' marker");

    List<Finding> findings = SafetyChecker.check(testClasses(), UNSAFE_PACKAGE + "." + fixture);

    Category category = expected;
    int line = expectedLine;
    assertTrue(
        findings.stream().anyMatch(f -> f.category() == category && f.line() == line),
        "expected " + category + " at line " + line + " in " + findings);
    // Other uses of a class off the allow-list are findings of their own (UNLISTED).
    assertTrue(
        findings.stream()
            .allMatch(f -> f.category() == category || f.category() == Category.UNLISTED),
        "expected only " + category + " in " + findings);
  }

  @Test
  void harmlessConstructsPass() {
    assertEquals(List.of(), SafetyChecker.check(testClasses(), Harmless.class.getName()));
  }

  @Test
  void everyObjectOfTheObjectLibraryPasses() {
    SortedMap<String, byte[]> library = ClassFiles.all(codeSource(Counter.class));
    List<String> objects =
        library.keySet().stream()
            .filter(n -> n.startsWith("org.concoord.objects.") && !n.contains("$"))
            .toList();
    assertTrue(objects.contains(Counter.class.getName()), objects.toString());
    assertTrue(objects.size() >= 3, objects.toString());
    for (String object : objects) {
      assertEquals(List.of(), SafetyChecker.check(library, object), object);
    }
  }

  @Test
  void aHelperInAnotherPackageOfTheGivenClassesIsReadToo() {
    List<Finding> findings =
        SafetyChecker.check(testClasses(), UNSAFE_PACKAGE + ".OtherPackageHelper");
    assertEquals(
        List.of("Stamps.now:8: calls java.lang.System.currentTimeMillis (reads a clock)"),
        findings.stream().map(Finding::toString).toList());
  }

  @Test
  void aConstantDynamicWhoseBootstrapIsNotJavacsIsAFinding() {
    java.util.Map<String, byte[]> crafted = java.util.Map.of("Condy", CraftedClasses.condy());
    List<Finding> findings = SafetyChecker.check(crafted, "Condy");
    assertTrue(
        findings.stream()
            .anyMatch(
                f ->
                    f.category() == Category.REFLECTION
                        && f.what()
                            .contains(
                                "constant-dynamic bootstrap java.lang.invoke.ConstantBootstraps"
                                    + ".invoke")),
        findings.toString());
    assertTrue(
        findings.stream().anyMatch(f -> f.what().contains("java.lang.System::exit")),
        findings.toString());
  }

  @Test
  void findingReadsClassMethodLineWhatAndLabel() {
    List<Finding> findings = SafetyChecker.check(testClasses(), UNSAFE_PACKAGE + ".NanoTime");
    assertEquals(
        List.of("NanoTime.now:6: calls java.lang.System.nanoTime (reads a clock)"),
        findings.stream().map(Finding::toString).toList());
  }

  @Test
  void findingInAnAnonymousClassNamesThatClass() {
    List<Finding> findings =
        SafetyChecker.check(testClasses(), UNSAFE_PACKAGE + ".AnonymousClassThread");
    assertEquals("AnonymousClassThread$1", findings.get(0).className());
    assertEquals("run", findings.get(0).member());
  }

  @Test
  void nativeMethodHasNoLine() {
    Finding finding = SafetyChecker.check(testClasses(), UNSAFE_PACKAGE + ".NativeMethod").get(0);
    assertEquals("NativeMethod.compute: native method (runs native code)", finding.toString());
  }

  @Test
  void classBytesByNameGiveTheSameFindingsAsTheClassesDirectory() {
    String name = UNSAFE_PACKAGE + ".ConcatIdentity";
    SortedMap<String, byte[]> bytes = ClassFiles.all(testClasses());
    assertEquals(SafetyChecker.check(testClasses(), name), SafetyChecker.check(bytes, name));
  }

  @Test
  void missingClassIsAnErrorNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SafetyChecker.check(testClasses(), "org.example.Missing"));
    assertTrue(e.getMessage().contains("no class file for org.example.Missing"), e.getMessage());
  }

  @Test
  void everyCategoryHasALabelAndAWhy() {
    for (Category category : Category.values()) {
      assertFalse(category.label().isBlank(), category.name());
      assertTrue(category.why().length() > 40, category.name());
    }
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
