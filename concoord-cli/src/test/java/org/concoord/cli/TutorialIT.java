package org.concoord.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial, as a user runs it: real JVMs started through bin/concoord, a Java client compiled
 * against the generated proxy with {@code concoord classpath}, and the values 2 and then 1.
 */
class TutorialIT {
  static final Pattern ADDRESS = Pattern.compile("concoord (?:replica|acceptor) (\\S+:\\d+)");

  @TempDir Path work;

  static Path resource(String name) throws Exception {
    return Path.of(TutorialIT.class.getResource("/tutorial/" + name).toURI());
  }

  static String address(String line) {
    Matcher m = ADDRESS.matcher(line);
    assertTrue(m.find(), line);
    return m.group(1);
  }

  @Test
  void tutorialFlowGivesTwoThenOne() throws Exception {
    Path foo = Files.createDirectories(work.resolve("foo"));
    Path counter = Files.copy(resource("Counter.java"), foo.resolve("Counter.java"));
    Files.copy(
        resource("TutorialClient.java"),
        foo.resolve("TutorialClient.java"),
        StandardCopyOption.REPLACE_EXISTING);
    String concoord = ProcessKit.CONCOORD.toString();
    try (ProcessKit kit = new ProcessKit(Files.createDirectories(work.resolve("logs")))) {
      ProcessKit.Result object =
          kit.run(120, concoord, "object", "-f", counter.toString(), "-c", "Counter", "-s", "-v");
      assertEquals(0, object.exitCode(), object.output());
      assertTrue(Files.exists(foo.resolve("CounterProxy.java")), object.output());

      kit.start("replica-1", concoord, "replica", "-f", counter.toString(), "-c", "Counter");
      String bootstrap = address(kit.awaitLine("replica-1", "concoord replica", 60));
      kit.start("acceptor-1", concoord, "acceptor", "-b", bootstrap);
      kit.awaitLine("acceptor-1", "concoord acceptor", 60);
      kit.start(
          "replica-2",
          concoord,
          "replica",
          "-f",
          counter.toString(),
          "-c",
          "Counter",
          "-b",
          bootstrap);
      String second = address(kit.awaitLine("replica-2", "concoord replica", 60));
      kit.start("acceptor-2", concoord, "acceptor", "-b", bootstrap);
      kit.awaitLine("acceptor-2", "concoord acceptor", 60);

      String classpath = kit.run(60, concoord, "classpath").output().trim();
      assertTrue(Files.exists(Path.of(classpath)), classpath);
      String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String cp = classpath + File.pathSeparator + foo;
      ProcessKit.Result compiled =
          kit.run(
              120,
              javac,
              "-cp",
              cp,
              "-d",
              foo.toString(),
              counter.toString(),
              foo.resolve("CounterProxy.java").toString(),
              foo.resolve("TutorialClient.java").toString());
      assertEquals(0, compiled.exitCode(), compiled.output());

      ProcessKit.Result client =
          kit.run(120, java, "-cp", cp, "TutorialClient", bootstrap + "," + second);
      assertEquals(0, client.exitCode(), client.output());
      assertEquals("2\n1\n", client.output());

      ProcessKit.Result call = kit.run(60, concoord, "call", "-b", bootstrap, "getvalue");
      assertEquals(0, call.exitCode(), call.output());
      assertEquals("1", call.output().trim());
    }
  }

  @Test
  void objectThatDoesNotCompileShowsTheCompilerErrors() throws Exception {
    Path broken = Files.copy(resource("Broken.java"), work.resolve("Broken.java"));
    try (ProcessKit kit = new ProcessKit(work)) {
      ProcessKit.Result result =
          kit.run(
              120,
              ProcessKit.CONCOORD.toString(),
              "replica",
              "-f",
              broken.toString(),
              "-c",
              "Broken");
      assertNotEquals(0, result.exitCode());
      assertTrue(result.output().contains("undefinedVariable"), result.output());
    }
  }
}
