package org.concoord.codegen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ObjectCommandTest {
  private static final Path COUNTER =
      Path.of("../concoord-objects/src/main/java/org/concoord/objects/Counter.java");
  private static final Path GOLDEN = Path.of("src/test/resources/golden/CounterProxy.java.txt");
  private static final String USAGE =
      "Usage: concoord object -f objectfilepath -c classname [-s] [-v]";

  @TempDir Path temp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new ObjectCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  @Test
  void writesCounterProxyBesideTheObjectFile() throws IOException {
    Path counter = Files.copy(COUNTER, temp.resolve("Counter.java"));

    assertEquals(0, run("-f", counter.toString(), "-c", "Counter"), err.toString());

    Path proxy = temp.resolve("CounterProxy.java");
    assertEquals(Files.readString(GOLDEN), Files.readString(proxy));
    assertTrue(out.toString().contains("Wrote " + proxy.toAbsolutePath()), out.toString());
  }

  @Test
  void safeVerboseOnTheTutorialCounterPassesAndWrites() throws IOException {
    Path counter = Files.copy(COUNTER, temp.resolve("Counter.java"));

    assertEquals(0, run("-f", counter.toString(), "-c", "Counter", "-s", "-v"), err.toString());

    assertTrue(out.toString().contains("Counter passed the safety check."), out.toString());
    assertTrue(out.toString().contains("fingerprint "), out.toString());
    assertTrue(Files.exists(temp.resolve("CounterProxy.java")));
  }

  @Test
  void safeOnAnUnsafeObjectListsFindingsAndWritesNothing() throws IOException {
    Path clocky =
        Files.writeString(
            temp.resolve("Clocky.java"),
            """
        public class Clocky {
          public long now() {
            return System.currentTimeMillis();
          }
        }
        """);

    assertEquals(ObjectCommand.EXIT_REFUSED, run("-f", clocky.toString(), "-c", "Clocky", "-s"));

    assertTrue(
        err.toString().contains("Clocky is not safe to replicate (1 finding)"), err.toString());
    assertTrue(
        err.toString()
            .contains("  Clocky.now:3: calls java.lang.System.currentTimeMillis (reads a clock)"),
        err.toString());
    assertFalse(err.toString().contains("Why:"), "why lines are for -v");
    assertFalse(Files.exists(temp.resolve("ClockyProxy.java")));
  }

  @Test
  void verboseAddsWhyEachKindOfFindingIsUnsafe() throws IOException {
    Path clocky =
        Files.writeString(
            temp.resolve("Clocky.java"),
            "public class Clocky { public long now() { return System.nanoTime(); } }\n");

    assertEquals(
        ObjectCommand.EXIT_REFUSED, run("-f", clocky.toString(), "-c", "Clocky", "-s", "-v"));

    assertTrue(
        err.toString().contains("Why:\n  reads a clock: each replica reads its own clock"),
        err.toString());
  }

  @Test
  void withoutSafeAnUnsafeObjectStillGetsItsProxy() throws IOException {
    Path clocky =
        Files.writeString(
            temp.resolve("Clocky.java"),
            "public class Clocky { public long now() { return System.nanoTime(); } }\n");

    assertEquals(0, run("-f", clocky.toString(), "-c", "Clocky"), err.toString());
    assertTrue(Files.exists(temp.resolve("ClockyProxy.java")));
  }

  @Test
  void missingOptionsPrintTheUsageLine() {
    assertEquals(2, run());
    assertTrue(err.toString().contains("Missing required options"), err.toString());
    assertTrue(err.toString().contains(USAGE), err.toString());
  }

  @Test
  void anUnknownOptionPrintsTheUsageLine() {
    assertEquals(2, run("-f", "x.java", "-c", "X", "-p", "1"));
    assertTrue(err.toString().contains(USAGE), err.toString());
  }

  @Test
  void aSourceThatDoesNotCompileReportsTheCompilersDiagnostics() throws IOException {
    Path broken =
        Files.writeString(
            temp.resolve("Broken.java"),
            "public class Broken {\n  public int get() {\n    return \"x\";\n  }\n}\n");

    assertEquals(ObjectCommand.EXIT_REFUSED, run("-f", broken.toString(), "-c", "Broken"));

    assertTrue(err.toString().contains(broken + ":3: error: incompatible types"), err.toString());
  }

  @Test
  void aClassThatCannotBeProxiedSaysWhy() throws IOException {
    Path sealed =
        Files.writeString(
            temp.resolve("Fixed.java"), "public final class Fixed { public void run() {} }\n");

    assertEquals(ObjectCommand.EXIT_REFUSED, run("-f", sealed.toString(), "-c", "Fixed"));

    assertTrue(err.toString().contains("concoord object: Fixed is final"), err.toString());
    assertFalse(Files.exists(temp.resolve("FixedProxy.java")));
  }
}
