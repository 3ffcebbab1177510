package org.concoord.codegen;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * Compiles a user object's {@code .java} file with the JDK's compiler, keeping parameter names
 * ({@code -parameters}: the object host names arguments in its errors) and full debug information
 * (line numbers for the safety check's findings). Annotation processing is off: compiling an object
 * runs no user code.
 */
public final class ObjectCompiler {
  private ObjectCompiler() {}

  /** Compiles against the running JVM's class path into a new temporary directory. */
  public static Path compile(Path source) {
    return compile(source, System.getProperty("java.class.path", ""));
  }

  /** Compiles against {@code classpath} into a new temporary directory, which it returns. */
  public static Path compile(Path source, String classpath) {
    try {
      return compile(source, classpath, Files.createTempDirectory("concoord-object-"));
    } catch (IOException e) {
      throw new UncheckedIOException("creating a temporary directory", e);
    }
  }

  /**
   * Compiles {@code source} against {@code classpath} into {@code outputDirectory} (created if
   * missing), which it returns.
   *
   * @throws CompilationException with the compiler's diagnostics if the source does not compile
   * @throws IllegalArgumentException if {@code source} is not a readable .java file
   * @throws IllegalStateException if this JVM has no compiler (a JRE rather than a JDK)
   */
  public static Path compile(Path source, String classpath, Path outputDirectory) {
    return compile(List.of(source), source, classpath, outputDirectory);
  }

  /**
   * Compiles {@code sources} together (an object and its superclass or helpers in other files) into
   * {@code outputDirectory}; {@code label} names them in errors.
   */
  public static Path compile(
      List<Path> sources, Path label, String classpath, Path outputDirectory) {
    for (Path source : sources) {
      if (!source.toString().endsWith(".java") || !Files.isReadable(source)) {
        throw new IllegalArgumentException(source + " is not a readable .java file");
      }
    }
    Path source = label;
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("this JVM has no Java compiler: run it from a JDK");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter otherOutput = new StringWriter();
    boolean compiled;
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      Files.createDirectories(outputDirectory);
      List<String> options =
          List.of(
              "-d",
              outputDirectory.toString(),
              "-classpath",
              classpath,
              "-parameters",
              "-g",
              "-proc:none",
              "-encoding",
              "UTF-8");
      compiled =
          javac
              .getTask(
                  otherOutput,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
    } catch (IOException e) {
      throw new UncheckedIOException("compiling " + source, e);
    }
    if (!compiled) {
      List<String> lines = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
        lines.add(format(diagnostic));
      }
      if (!otherOutput.toString().isBlank()) {
        lines.add(otherOutput.toString().strip());
      }
      throw new CompilationException(source, lines);
    }
    return outputDirectory;
  }

  /** {@code file:line: error: message}, as javac prints it on the command line. */
  static String format(Diagnostic<? extends JavaFileObject> diagnostic) {
    String kind =
        switch (diagnostic.getKind()) {
          case ERROR -> "error";
          case WARNING, MANDATORY_WARNING -> "warning";
          default -> "note";
        };
    String message = diagnostic.getMessage(Locale.ROOT);
    if (diagnostic.getSource() == null) {
      return kind + ": " + message;
    }
    String where =
        diagnostic.getSource().getName()
            + (diagnostic.getLineNumber() > 0 ? ":" + diagnostic.getLineNumber() : "");
    return where + ": " + kind + ": " + message;
  }
}
