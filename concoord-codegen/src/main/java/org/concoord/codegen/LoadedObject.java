package org.concoord.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.concoord.codegen.safety.Finding;
import org.concoord.codegen.safety.SafetyChecker;

/**
 * A user object class loaded by {@link ObjectLoader}, with where its class files are (a classes
 * directory or a jar). Closing it closes the class loader and deletes the directory if it was a
 * temporary compilation output; the class must not be used afterwards.
 */
public final class LoadedObject implements AutoCloseable {
  private final Class<?> objectClass;
  private final Path classesRoot;
  private final URLClassLoader loader;
  private final boolean temporary;

  LoadedObject(Class<?> objectClass, Path classesRoot, URLClassLoader loader, boolean temporary) {
    this.objectClass = objectClass;
    this.classesRoot = classesRoot;
    this.loader = loader;
    this.temporary = temporary;
  }

  public Class<?> objectClass() {
    return objectClass;
  }

  /** The classes directory or jar the class was loaded from. */
  public Path classesRoot() {
    return classesRoot;
  }

  /** The safety check's findings over the class files the object was loaded from. */
  public List<Finding> checkSafety() {
    String name = objectClass.getName();
    return Files.isDirectory(classesRoot)
        ? SafetyChecker.check(classesRoot, name)
        : SafetyChecker.check(ClassFiles.all(classesRoot), name);
  }

  /**
   * SHA-256 over every class file of the jar or classes directory the object was loaded from: all
   * the code its class loader can define (superclasses and helpers included), so that replicas
   * whose helpers differ are told apart, not only those whose object class does.
   */
  public String fingerprint() {
    return ObjectLoader.fingerprint(classFiles());
  }

  /** Every class file the object's class loader can define, by binary name. */
  public java.util.SortedMap<String, byte[]> classFiles() {
    return ClassFiles.all(classesRoot);
  }

  /**
   * Writes the class files of the object whose binary name {@code keep} accepts into the jar {@code
   * target} (entries in name order, times fixed, so the same code writes the same bytes), and
   * returns it: with every class, one file that a replica loads with the same fingerprint, and that
   * can be copied to a host, whatever the object was given as (several files, a directory).
   */
  public Path writeJar(Path target, java.util.function.Predicate<String> keep) {
    try (java.util.jar.JarOutputStream jar =
        new java.util.jar.JarOutputStream(Files.newOutputStream(target))) {
      for (var entry : classFiles().entrySet()) {
        if (!keep.test(entry.getKey())) {
          continue;
        }
        java.util.jar.JarEntry file =
            new java.util.jar.JarEntry(entry.getKey().replace('.', '/') + ".class");
        file.setTime(0);
        jar.putNextEntry(file);
        jar.write(entry.getValue());
        jar.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target, e);
    }
    return target;
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing the class loader of " + classesRoot, e);
    }
    if (temporary) {
      deleteTree(classesRoot);
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + root, e);
    }
  }
}
