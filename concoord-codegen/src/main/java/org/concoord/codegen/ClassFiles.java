package org.concoord.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads class files as bytes, keyed by binary name ({@code org.concoord.objects.Counter$1}) in
 * sorted order: those of a loaded class and its nested classes, or all of a classes directory or
 * jar. Reads files only; loads nothing.
 */
public final class ClassFiles {
  private static final String SUFFIX = ".class";

  private ClassFiles() {}

  /**
   * The class file of {@code type} and of every class nested in it (member, local, anonymous),
   * found where its class loader found {@code type}: a directory or a jar.
   *
   * @throws IllegalArgumentException if the class file cannot be located (a JDK class, a class
   *     defined at run time)
   */
  public static SortedMap<String, byte[]> of(Class<?> type) {
    String internal = type.getName().replace('.', '/');
    String nestedPrefix = type.getName() + "$";
    Predicate<String> wanted = name -> name.equals(type.getName()) || name.startsWith(nestedPrefix);
    try {
      Path location = codeSource(type);
      if (location != null) {
        // Where the class was defined from, which a parent-first getResource may not say.
        Path packageDirectory = location.resolve(internal).getParent();
        return read(location, Files.isDirectory(location) ? packageDirectory : null, wanted);
      }
      ClassLoader loader = type.getClassLoader();
      URL url = loader == null ? null : loader.getResource(internal + SUFFIX);
      if (url != null && url.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        return read(Path.of(connection.getJarFileURL().toURI()), null, wanted);
      } else if (url != null && url.getProtocol().equals("file")) {
        Path root = Path.of(url.toURI());
        for (int i = 0; i < internal.split("/").length; i++) {
          root = root.getParent();
        }
        return read(root, Path.of(url.toURI()).getParent(), wanted);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the class files of " + type.getName(), e);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("unusable class file location for " + type.getName(), e);
    }
    throw new IllegalArgumentException("no class file found for " + type.getName());
  }

  /** The directory or jar {@code type} was defined from, if it is a local file. */
  private static Path codeSource(Class<?> type) throws URISyntaxException {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null || !location.getProtocol().equals("file")) {
      return null;
    }
    Path path = Path.of(location.toURI());
    return Files.exists(path) ? path : null;
  }

  /** Every class file under a classes directory, or in a jar. */
  public static SortedMap<String, byte[]> all(Path directoryOrJar) {
    try {
      return read(directoryOrJar, null, name -> true);
    } catch (IOException e) {
      throw new UncheckedIOException("reading class files from " + directoryOrJar, e);
    }
  }

  /**
   * The class files under {@code root} (a directory, or a jar) whose binary name passes {@code
   * wanted}; in a directory, only those under {@code start} when it is given.
   */
  private static SortedMap<String, byte[]> read(Path root, Path start, Predicate<String> wanted)
      throws IOException {
    SortedMap<String, byte[]> classes = new TreeMap<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(start == null ? root : start)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String relative =
              root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
          if (relative.endsWith(SUFFIX) && Files.isRegularFile(file)) {
            String name = binaryName(relative);
            if (wanted.test(name)) {
              classes.put(name, Files.readAllBytes(file));
            }
          }
        }
      }
      return classes;
    }
    try (JarFile jar = new JarFile(root.toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String entryName = entry.getName();
        if (entryName.endsWith(SUFFIX) && !entryName.startsWith("META-INF/")) {
          String name = binaryName(entryName);
          if (wanted.test(name)) {
            try (InputStream in = jar.getInputStream(entry)) {
              classes.put(name, in.readAllBytes());
            }
          }
        }
      }
    }
    return classes;
  }

  private static String binaryName(String relativePath) {
    return relativePath.substring(0, relativePath.length() - SUFFIX.length()).replace('/', '.');
  }
}
