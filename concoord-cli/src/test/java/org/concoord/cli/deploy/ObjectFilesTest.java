package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What replicas are given for {@code -f}: one local file as it is; several files, or a directory
 * going over SSH, one jar of the compiled classes that loads with the same fingerprint as the files
 * themselves (so every replica agrees on the code, however it was given).
 */
class ObjectFilesTest {
  @TempDir Path work;

  @Test
  void severalFilesBecomeOneJarWithTheSameCodeAndOneFileStaysAsItIs() throws Exception {
    Path base =
        Files.writeString(
            Files.createDirectories(work.resolve("lib")).resolve("Base.java"),
            "public class Base { protected int n; }\n");
    Path counter =
        Files.writeString(
            Files.createDirectories(work.resolve("app")).resolve("Tally.java"),
            "public class Tally extends Base {\n"
                + "  public int increment() { return ++n; }\n}\n");
    Path dir = work.resolve("deploy");
    Path jar = ObjectFiles.forReplicas(List.of(base, counter), "Tally", dir, false);
    assertEquals(dir.resolve("objects"), jar.getParent());
    assertTrue(jar.getFileName().toString().matches("Tally-[0-9a-f]{12}\\.jar"), jar.toString());
    try (LoadedObject fromFiles = ObjectLoader.open(List.of(base, counter), "Tally");
        LoadedObject fromJar = ObjectLoader.open(jar, "Tally")) {
      assertEquals(fromFiles.fingerprint(), fromJar.fingerprint());
      assertEquals(List.of(), org.concoord.codegen.ObjectCheck.check(fromJar));
    }
    assertEquals(
        jar,
        ObjectFiles.forReplicas(List.of(base, counter), "Tally", dir, false),
        "the same code names the same jar");

    Path alone =
        Files.writeString(
            work.resolve("Solo.java"),
            "public class Solo { int n; public int increment() { return ++n; } }\n");
    assertEquals(alone, ObjectFiles.forReplicas(List.of(alone), "Solo", dir, false));
    assertEquals(alone, ObjectFiles.forReplicas(List.of(alone), "Solo", dir, true));
  }

  @Test
  void aDirectoryIsPassedLocallyAndShippedAsAJarOverSsh() throws Exception {
    Path source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("Base.java"), "public class Base { protected int n; }\n");
    Files.writeString(
        source.resolve("Tally.java"),
        "public class Tally extends Base { public int increment() { return ++n; } }\n");
    Path dir = work.resolve("deploy");
    assertEquals(source, ObjectFiles.forReplicas(List.of(source), "Tally", dir, false));
    Path shipped = ObjectFiles.forReplicas(List.of(source), "Tally", dir, true);
    assertTrue(shipped.toString().endsWith(".jar"), shipped.toString());
  }

  @Test
  void anObjectThatDoesNotLoadIsRefusedNamingTheClass() throws Exception {
    Path file = Files.writeString(work.resolve("Solo.java"), "public class Solo { }\n");
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> ObjectFiles.forReplicas(List.of(file), "Missing", work, false));
    assertTrue(refused.getMessage().contains("Missing"), refused.getMessage());
  }
}
