package org.concoord.cli.hosting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectLoader;
import org.concoord.core.host.CodeLoader;
import org.concoord.core.host.CodeVersion;
import org.concoord.core.host.ObjectCatalog;

/**
 * A replica's loader of the code a decided upgrade carries (docs/operations.md, "Code upgrades"):
 * writes the jar into the replica's directory ({@code code/DIGEST.jar}, written aside and moved in
 * place), loads it as a replica loads its {@code -f} jar, runs the same object check (refused
 * unless the replica runs {@code --unchecked}) and builds the catalog the same way. The class
 * loader stays open while the replica runs: its objects are of those classes.
 */
public final class UpgradedCode implements CodeLoader {
  private final Path directory;
  private final boolean unchecked;

  UpgradedCode(Path directory, boolean unchecked) {
    this.directory = directory;
    this.unchecked = unchecked;
  }

  /** The loader of a replica whose data directory is {@code dataDir} (null: a temporary one). */
  public static UpgradedCode in(Path dataDir, boolean unchecked) {
    try {
      Path root =
          dataDir != null ? dataDir.resolve("code") : Files.createTempDirectory("concoord-code");
      return new UpgradedCode(root, unchecked);
    } catch (IOException e) {
      throw new UncheckedIOException("a directory for upgraded code", e);
    }
  }

  @Override
  public ObjectCatalog load(byte[] jar, String className) {
    Path file = write(jar);
    LoadedObject loaded;
    try {
      loaded = ObjectLoader.open(file, className);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ByteArrayOutputStream findings = new ByteArrayOutputStream();
    try (PrintStream log = new PrintStream(findings, true, StandardCharsets.UTF_8)) {
      if (!LoadCheck.passes(loaded, unchecked, log)) {
        loaded.close();
        throw new IllegalArgumentException(findings.toString(StandardCharsets.UTF_8).trim());
      }
    }
    return ObjectClasses.catalog(loaded, unchecked, System.err);
  }

  private Path write(byte[] jar) {
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(CodeVersion.digestOf(jar) + ".jar");
      if (!Files.exists(file)) {
        Path aside = Files.createTempFile(directory, "upgrade", ".part");
        Files.write(aside, jar);
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
      }
      return file;
    } catch (IOException e) {
      // Not the code's fault, and maybe this replica's alone: it must stop, not refuse.
      throw new UnsupportedOperationException(
          "cannot write the code into " + directory + ": " + e, e);
    }
  }
}
