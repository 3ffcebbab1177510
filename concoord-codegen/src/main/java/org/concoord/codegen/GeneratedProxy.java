package org.concoord.codegen;

import java.util.List;
import java.util.Objects;

/**
 * A generated proxy: its Java {@code source}, the class it declares ({@code packageName} may be
 * empty for the unnamed package), and {@code notes} on what the proxy does differently from the
 * object (a method without its Caller parameter, a method kept local), one sentence each.
 */
public record GeneratedProxy(
    String packageName, String simpleName, String source, List<String> notes) {
  public GeneratedProxy {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(simpleName, "simpleName");
    Objects.requireNonNull(source, "source");
    notes = List.copyOf(notes);
  }

  /** The proxy's binary name, e.g. {@code org.concoord.objects.CounterProxy}. */
  public String className() {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }

  /** The file name javac expects for the source, e.g. {@code CounterProxy.java}. */
  public String fileName() {
    return simpleName + ".java";
  }
}
