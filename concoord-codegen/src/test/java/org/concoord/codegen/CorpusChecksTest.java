package org.concoord.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.concoord.codegen.cli.ObjectCommand;
import org.concoord.codegen.safety.Category;
import org.concoord.codegen.safety.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The object corpus (concoord-core's test sources, org.concoord.corpus), each class loaded from its
 * .java file as a user's would be: the refused ones are refused, naming the construct, by
 * ObjectCheck (which a replica runs at load) and by {@code concoord object -s} alike, and before
 * any of their code runs where the finding is in the bytecode; every other one passes every check
 * (CorpusClusterTest then runs it on a cluster).
 */
class CorpusChecksTest {
  private static final Path CORPUS = Path.of("../concoord-core/src/test/java/org/concoord/corpus");

  /** Refused class -> (what the refusal names, its category). */
  private static final Map<String, Object[]> REFUSED =
      Map.ofEntries(
          Map.entry("Dice", new Object[] {"java.lang.Math.random", Category.RANDOM}),
          Map.entry("Votes", new Object[] {"HashSet keyed by Color", Category.STATE}),
          Map.entry("EnumHashMap", new Object[] {"HashMap keyed by Kind", Category.STATE}),
          Map.entry("Stamper", new Object[] {"java.time.Instant.now", Category.CLOCK}),
          Map.entry("WeakCache", new Object[] {"java.util.WeakHashMap", Category.UNLISTED}),
          Map.entry("TransientCount", new Object[] {"count: transient", Category.STATE}),
          Map.entry("AnyBox", new Object[] {"content: declared as Object", Category.STATE}),
          Map.entry("Worker", new Object[] {"java.lang.Thread", Category.THREAD}),
          Map.entry("ThreadTaker", new Object[] {"nameOf", Category.VALUES}),
          Map.entry("FinalCounter", new Object[] {"is final", Category.HOSTING}),
          Map.entry("SetOrder", new Object[] {"java.util.Set.of", Category.UNLISTED}),
          Map.entry("StaticCount", new Object[] {"count", Category.STATIC_STATE}));

  static Stream<String> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      List<String> names =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".java"))
              .map(n -> n.substring(0, n.length() - 5))
              .sorted()
              .toList();
      return names.stream();
    }
  }

  @Test
  void theCorpusHoldsAtLeastThirtyClassesOfWhichTheRefusedOnesAreKnown() throws IOException {
    List<String> names = corpus().toList();
    assertTrue(names.size() >= 30, names.toString());
    assertTrue(names.containsAll(REFUSED.keySet()), names.toString());
  }

  static Stream<Arguments> classes() throws IOException {
    return corpus().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("classes")
  void everyCheckSaysTheSame(String name) throws IOException {
    Path file = CORPUS.resolve(name + ".java");
    List<Finding> findings;
    try (LoadedObject loaded = ObjectLoader.open(file, name)) {
      findings = ObjectCheck.check(loaded);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new ObjectCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    Path copy = Files.createTempDirectory("corpus-").resolve(name + ".java");
    Files.copy(file, copy);
    int exit = command.execute("-f", copy.toString(), "-c", name, "-s");
    Object[] refused = REFUSED.get(name);
    if (refused == null) {
      assertEquals(List.of(), findings, name);
      assertEquals(0, exit, err.toString());
      assertTrue(Files.exists(copy.resolveSibling(name + "Proxy.java")));
      return;
    }
    String construct = (String) refused[0];
    Category category = (Category) refused[1];
    assertTrue(
        findings.stream()
            .anyMatch(f -> f.category() == category && f.toString().contains(construct)),
        name + ": " + findings);
    assertEquals(ObjectCommand.EXIT_REFUSED, exit, out.toString());
    assertTrue(err.toString().contains(construct), err.toString());
    assertTrue(!Files.exists(copy.resolveSibling(name + "Proxy.java")), "a proxy was written");
  }
}
