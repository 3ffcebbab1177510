package org.concoord.cli.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectLoader;
import org.concoord.runtime.PrivateFiles;

/**
 * The object as {@code initialize} and {@code addnode} hand it to replicas: the {@code -f} files
 * are loaded here first (step compile: the object loads here as it must on every replica), then
 * given to each replica as one path. One file, or a directory started locally, is passed as it is;
 * several files, or a directory or {@code .class} file going to hosts over SSH (which copies one
 * file), become one jar of the compiled classes in {@code DIR/objects}, named by the code's
 * fingerprint, which every replica loads with the same fingerprint.
 */
public final class ObjectFiles {
  private ObjectFiles() {}

  /**
   * The library objects ({@code org.concoord.objects}, bundled in ConCoord's own jar) as a jar of
   * their package alone in {@code DIR/objects}: given the whole jar, a replica's load-time checks
   * would read every library shaded into it (the AWS SDK, Bouncy Castle, ...) and run out of heap.
   * Their superclasses ({@code org.concoord.core}) come from the replica's class path.
   */
  public static Path bundled(String className, Path dir) throws IOException {
    try (LoadedObject loaded = ObjectLoader.open(OwnJar.path(), className)) {
      String ownPackage = loaded.objectClass().getPackageName() + ".";
      return install(loaded, dir, "bundled.jar", name -> name.startsWith(ownPackage));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot find ConCoord's own jar: " + e.getMessage(), e);
    }
  }

  /**
   * The path replicas get for {@code files}; throws IllegalArgumentException (or a compilation
   * error) naming the file if the object does not load.
   */
  public static Path forReplicas(List<Path> files, String className, Path dir, boolean remote)
      throws IOException {
    try (LoadedObject loaded = ObjectLoader.open(files, className)) {
      loaded.objectClass();
      Path only = files.size() == 1 ? files.get(0) : null;
      boolean copiedAsIs =
          only != null
              && (!remote || Files.isRegularFile(only) && !only.toString().endsWith(".class"));
      if (copiedAsIs) {
        return only;
      }
      String name =
          loaded.objectClass().getSimpleName()
              + "-"
              + loaded.fingerprint().substring(0, 12)
              + ".jar";
      return install(loaded, dir, name, any -> true);
    }
  }

  /**
   * Writes the classes of {@code loaded} that {@code keep} accepts into {@code DIR/objects/NAME}:
   * written aside and moved in place, so a replica running from a jar of that name keeps reading
   * the file it opened.
   */
  private static Path install(
      LoadedObject loaded, Path dir, String name, java.util.function.Predicate<String> keep)
      throws IOException {
    Path objects = dir.toAbsolutePath().resolve("objects");
    PrivateFiles.createDirectories(objects);
    Path part = loaded.writeJar(objects.resolve(name + ".part"), keep);
    return Files.move(
        part,
        objects.resolve(name),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
