package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.concoord.cli.deploy.OwnJar;
import org.junit.jupiter.api.Test;

/**
 * The CLI's packages depend one way (docs/architecture.md, "The CLI's packages"): the command line
 * on the commands, the commands on deployment, benchmarking, hosting and TLS, deployment on TLS,
 * and nothing back. A use of a command from the deployment code (as {@code StatusCommand.ask} once
 * was) fails here.
 */
class PackagesTest {
  private static final Path SOURCES = Path.of("src/main/java/org/concoord/cli");
  private static final Pattern USE = Pattern.compile("\\borg\\.concoord\\.cli\\.(\\w+)\\.");
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "", Set.of("command"),
          "command", Set.of("deploy", "bench", "hosting", "tls"),
          "deploy", Set.of("tls"),
          "bench", Set.of(),
          "hosting", Set.of(),
          "tls", Set.of());

  @Test
  void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
    List<String> wrong = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    for (Path file : files) {
      Path parent = SOURCES.relativize(file).getParent();
      String from = parent == null ? "" : parent.toString();
      assertTrue(ALLOWED.containsKey(from), "a package not in the list: " + from);
      Matcher use = USE.matcher(Files.readString(file));
      while (use.find()) {
        String to = use.group(1);
        if (!to.equals(from) && !ALLOWED.get(from).contains(to) && !isClassOfRoot(to)) {
          wrong.add(file.getFileName() + " (" + from + ") uses " + to);
        }
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(files.size() > 60, "the sources were found: " + files.size());
  }

  /** {@code org.concoord.cli.Main.main}: a class of the root package, not a package. */
  private static boolean isClassOfRoot(String name) {
    return Character.isUpperCase(name.charAt(0));
  }

  @Test
  void theMainClassNodesAreStartedWithIsTheCommandLines() {
    // Deployment names it as text, so as not to depend on the command line it is part of.
    assertEquals(Main.class.getName(), OwnJar.MAIN_CLASS);
  }

  @Test
  void theOwnJarHoldsTheWholeCommandLine() throws Exception {
    // Tests run from target/classes, where every package's classes are.
    Path own = OwnJar.path();
    assertTrue(
        Files.exists(own.resolve(OwnJar.MAIN_CLASS.replace('.', '/') + ".class")), own.toString());
  }
}
