package org.concoord.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.objectweb.asm.ClassReader;

/**
 * Loads a user object class from a {@code .java} file (compiled first, see {@link ObjectCompiler}),
 * a {@code .class} file (its classes root inferred from its package) or a {@code .jar}, each time
 * in a fresh class loader. The class is loaded, not initialized: no user code runs. The class name
 * may be simple ({@code Counter}) when it is unique in the file's classes.
 *
 * <p>The loader looks in the object's own classes first, so the file given wins over a class of the
 * same name on the class path, except for the JDK's and ConCoord core's classes, which are always
 * the running ones (an object's {@code Caller} must be the host's).
 */
public final class ObjectLoader {
  private ObjectLoader() {}

  /**
   * The class {@code className} of {@code file}, compiling a .java against this JVM's class path.
   * The class loader stays open (and a compilation's temporary directory stays) while the JVM runs;
   * use {@link #open(Path, String)} to release them.
   */
  public static Class<?> load(Path file, String className) {
    return open(file, className).objectClass();
  }

  /**
   * Opens {@code file} and loads {@code className} from it; close the result to release the class
   * loader and delete a temporary compilation directory.
   *
   * @param classpath the class path for compiling a .java file
   * @throws IllegalArgumentException if the file is of another kind, or lacks the class
   * @throws CompilationException if a .java file does not compile
   */
  public static LoadedObject open(Path file, String className, String classpath) {
    String fileName = file.getFileName().toString();
    if (Files.isDirectory(file)) {
      return openDirectory(file, className, classpath);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is not a file");
    }
    if (fileName.endsWith(".java")) {
      Path classes = ObjectCompiler.compile(file, classpath);
      try {
        return load(
            classes, resolveName(ClassFiles.all(classes).keySet(), className, file), file, true);
      } catch (RuntimeException e) {
        LoadedObject.deleteTree(classes);
        throw e;
      }
    } else if (fileName.endsWith(".class")) {
      String binaryName = classNameOf(file);
      return load(
          classesRootOf(file, binaryName),
          resolveName(List.of(binaryName), className, file),
          file,
          false);
    } else if (fileName.endsWith(".jar")) {
      return load(file, resolveName(ClassFiles.all(file).keySet(), className, file), file, false);
    }
    throw new IllegalArgumentException(file + " is not a .java, .class or .jar file");
  }

  /**
   * A directory: its {@code .java} files (at any depth) compiled together, so that an object and
   * its superclass or helpers may sit in files of their own, with the {@code .class} files it holds
   * (a classes root) as compiled parts of the same object; or, holding no source, a classes root.
   */
  private static LoadedObject openDirectory(Path directory, String className, String classpath) {
    List<Path> sources;
    try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
      sources =
          files
              .filter(
                  f ->
                      f.toString().endsWith(".java")
                          && Files.isRegularFile(f)
                          && !f.getFileName()
                              .toString()
                              .endsWith(ProxyGenerator.PROXY_SUFFIX + ".java"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + directory, e);
    }
    if (sources.isEmpty()) {
      return load(
          directory,
          resolveName(ClassFiles.all(directory).keySet(), className, directory),
          directory,
          false);
    }
    Path classes;
    try {
      // Class files in the directory (a superclass given compiled) are on the class path of the
      // sources, and join the compiled classes: loaded, checked and fingerprinted with them.
      classes =
          ObjectCompiler.compile(
              sources,
              directory,
              directory.toAbsolutePath() + java.io.File.pathSeparator + classpath,
              Files.createTempDirectory("concoord-object-"));
    } catch (IOException e) {
      throw new UncheckedIOException("creating a temporary directory", e);
    }
    try {
      copyClassFiles(directory, classes);
      return load(
          classes,
          resolveName(ClassFiles.all(classes).keySet(), className, directory),
          directory,
          true);
    } catch (RuntimeException e) {
      LoadedObject.deleteTree(classes);
      throw e;
    }
  }

  /**
   * Copies the class files under {@code directory} (a classes root: package directories) into
   * {@code classes}, where javac wrote the compiled sources; a source compiled there wins.
   */
  private static void copyClassFiles(Path directory, Path classes) {
    ClassFiles.all(directory)
        .forEach(
            (name, code) -> {
              Path target = classes.resolve(name.replace('.', '/') + ".class");
              try {
                if (!Files.exists(target)) {
                  Files.createDirectories(target.getParent());
                  Files.write(target, code);
                }
              } catch (IOException e) {
                throw new UncheckedIOException("copying " + name + " from " + directory, e);
              }
            });
  }

  /**
   * Opens the object given as several files ({@code -f} given several times): its {@code .java}
   * files compiled together, with its {@code .class} files (a superclass given compiled) on their
   * class path and then beside the compiled classes, loaded, checked and fingerprinted with them,
   * as for a directory ({@link #openDirectory}). One file or one directory is {@link #open(Path,
   * String, String)}; a {@code .jar} or a directory among several is refused.
   */
  public static LoadedObject open(List<Path> files, String className, String classpath) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no object file given");
    }
    if (files.size() == 1) {
      return open(files.get(0), className, classpath);
    }
    Path label = Path.of(files.toString());
    List<Path> sources = files.stream().filter(f -> f.toString().endsWith(".java")).toList();
    Path compiled = temporaryDirectory();
    try {
      stageClassFiles(files, compiled);
      if (!sources.isEmpty()) {
        Path classes =
            ObjectCompiler.compile(
                sources,
                sources.get(0),
                compiled.toAbsolutePath() + java.io.File.pathSeparator + classpath,
                temporaryDirectory());
        copyClassFiles(compiled, classes);
        LoadedObject.deleteTree(compiled);
        compiled = classes;
      }
      return load(
          compiled, resolveName(ClassFiles.all(compiled).keySet(), className, label), label, true);
    } catch (RuntimeException e) {
      LoadedObject.deleteTree(compiled);
      throw e;
    }
  }

  /** {@link #open(List, String, String)} against this JVM's class path. */
  public static LoadedObject open(List<Path> files, String className) {
    return open(files, className, System.getProperty("java.class.path", ""));
  }

  /** Copies the {@code .class} files among {@code files} into {@code root}, by package. */
  private static void stageClassFiles(List<Path> files, Path root) {
    java.util.Set<Path> seen = new java.util.HashSet<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (!Files.isRegularFile(file) || !(name.endsWith(".java") || name.endsWith(".class"))) {
        throw new IllegalArgumentException(
            file
                + ": with several -f, each must be a .java or"
                + " .class file (give a directory or a .jar alone)");
      }
      if (!seen.add(file.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException(file + " is given twice");
      }
      if (name.endsWith(".class")) {
        Path copy = root.resolve(classNameOf(file).replace('.', '/') + ".class");
        try {
          Files.createDirectories(copy.getParent());
          Files.copy(file, copy);
        } catch (IOException e) {
          throw new UncheckedIOException("copying " + file + " (a class given twice?)", e);
        }
      }
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("concoord-object-");
    } catch (IOException e) {
      throw new UncheckedIOException("creating a temporary directory", e);
    }
  }

  /** {@link #open(Path, String, String)} against this JVM's class path. */
  public static LoadedObject open(Path file, String className) {
    return open(file, className, System.getProperty("java.class.path", ""));
  }

  /**
   * SHA-256, in hex, over the class files of {@code type} and its nested classes, in name order,
   * each preceded by its name and length: the same code gives the same fingerprint.
   */
  public static String fingerprint(Class<?> type) {
    return fingerprint(ClassFiles.of(type));
  }

  static String fingerprint(SortedMap<String, byte[]> classes) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
      sha256.update(
          (entry.getKey() + "\n" + entry.getValue().length + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha256.update(entry.getValue());
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** The binary name of the class in {@code classFile}. */
  static String classNameOf(Path classFile) {
    try {
      return new ClassReader(Files.readAllBytes(classFile)).getClassName().replace('/', '.');
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + classFile, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(classFile + " is not a class file", e);
    }
  }

  /** The directory that holds the package directories of {@code classFile}'s class. */
  static Path classesRootOf(Path classFile, String binaryName) {
    String internalName = binaryName.replace('.', '/');
    Path root = classFile.toAbsolutePath().getParent();
    int depth = internalName.split("/").length - 1;
    for (int i = 0; i < depth && root != null; i++) {
      root = root.getParent();
    }
    Path expected = root == null ? null : root.resolve(internalName + ".class");
    try {
      if (expected == null || !Files.exists(expected) || !Files.isSameFile(expected, classFile)) {
        throw new IllegalArgumentException(
            classFile
                + " holds "
                + binaryName
                + ", so it must sit at <classes root>/"
                + internalName
                + ".class");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  private static LoadedObject load(Path root, String binaryName, Path file, boolean temporary) {
    ObjectClassLoader loader =
        new ObjectClassLoader(url(root), ObjectLoader.class.getClassLoader());
    try {
      Class<?> type = Class.forName(binaryName, false, loader);
      return new LoadedObject(type, root, loader, temporary);
    } catch (ClassNotFoundException | LinkageError e) {
      closeQuietly(loader);
      throw new IllegalArgumentException(
          "cannot load " + binaryName + " from " + file + ": " + e, e);
    }
  }

  /**
   * The binary name that {@code className} means among {@code available}: itself if qualified, else
   * the one class of that simple name.
   */
  private static String resolveName(Collection<String> available, String className, Path file) {
    if (className.contains(".")) {
      if (!available.contains(className)) {
        throw new IllegalArgumentException("no class " + className + " in " + file);
      }
      return className;
    }
    List<String> matches =
        available.stream()
            .filter(name -> name.substring(name.lastIndexOf('.') + 1).equals(className))
            .toList();
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(
          "no class "
              + className
              + " in "
              + file
              + (available.size() <= 10 ? " (it has " + String.join(", ", available) + ")" : ""));
    } else if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "several classes named "
              + className
              + " in "
              + file
              + ": "
              + String.join(", ", matches)
              + "; give the full name");
    }
    return matches.get(0);
  }

  private static URL url(Path root) {
    try {
      return root.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(root + " as a URL", e);
    }
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // Closing only releases jar handles; nothing to act on.
    }
  }

  /** Child-first for the object's own classes; the JDK and ConCoord core come from the parent. */
  static final class ObjectClassLoader extends URLClassLoader {
    private static final List<String> PARENT_FIRST =
        List.of("java.", "javax.", "jdk.", "sun.", "org.concoord.core.");

    ObjectClassLoader(URL root, ClassLoader parent) {
      super(new URL[] {root}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null && PARENT_FIRST.stream().noneMatch(name::startsWith)) {
          try {
            type = findClass(name);
          } catch (ClassNotFoundException notHere) {
            type = null; // not the object's: the parent may have it
          }
        }
        if (type == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(type);
        }
        return type;
      }
    }

    @Override
    public URL getResource(String name) {
      String asClassName = name.replace('/', '.');
      URL own = PARENT_FIRST.stream().anyMatch(asClassName::startsWith) ? null : findResource(name);
      return own != null ? own : super.getResource(name);
    }
  }
}
