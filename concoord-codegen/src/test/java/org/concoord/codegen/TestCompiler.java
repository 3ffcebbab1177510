package org.concoord.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated proxies in tests with every lint warning an error, against the test class path
 * (the client stub, the object classes, core), and loads them.
 */
final class TestCompiler {
  private TestCompiler() {}

  /** Writes each proxy under {@code dir} and compiles them; returns the classes directory. */
  static Path compile(Path dir, List<GeneratedProxy> proxies) {
    return compile(dir, proxies, "-Xlint:all,-serial,-processing");
  }

  /** As {@link #compile(Path, List)}, with the given lint option. */
  static Path compile(Path dir, List<GeneratedProxy> proxies, String lint) {
    try {
      Path sources = Files.createDirectories(dir.resolve("src"));
      Path classes = Files.createDirectories(dir.resolve("classes"));
      List<Path> files = new ArrayList<>();
      for (GeneratedProxy proxy : proxies) {
        Path file =
            sources.resolve(proxy.packageName().replace('.', '/')).resolve(proxy.fileName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, proxy.source());
        files.add(file);
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
        List<String> options =
            List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                lint,
                "-Werror",
                "-proc:none");
        boolean ok =
            javac
                .getTask(
                    null,
                    fileManager,
                    diagnostics,
                    options,
                    null,
                    fileManager.getJavaFileObjectsFromPaths(files))
                .call();
        StringBuilder report = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          report
              .append(d.getSource() == null ? "" : d.getSource().getName())
              .append(':')
              .append(d.getLineNumber())
              .append(": ")
              .append(d.getMessage(Locale.ROOT))
              .append('\n');
        }
        assertTrue(ok && diagnostics.getDiagnostics().isEmpty(), report.toString());
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loader over {@code classes} whose parent is the test class path. */
  static URLClassLoader loader(Path classes) {
    try {
      return new URLClassLoader(
          new URL[] {classes.toUri().toURL()}, TestCompiler.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
