package org.concoord.codegen;

import java.nio.file.Path;
import java.util.List;

/**
 * A user object's source did not compile. Carries the compiler's diagnostics, one per entry, each
 * starting {@code file:line: error: message} (or {@code warning:}), as javac prints them.
 */
public final class CompilationException extends RuntimeException {
  private final transient Path source;
  private final List<String> diagnostics;

  public CompilationException(Path source, List<String> diagnostics) {
    super("compiling " + source + " failed:\n" + String.join("\n", diagnostics));
    this.source = source;
    this.diagnostics = List.copyOf(diagnostics);
  }

  public Path source() {
    return source;
  }

  public List<String> diagnostics() {
    return diagnostics;
  }
}
