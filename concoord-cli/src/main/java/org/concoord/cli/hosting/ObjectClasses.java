package org.concoord.cli.hosting;

import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectCheck;
import org.concoord.codegen.readonly.ReadOnlyAnalysis;
import org.concoord.codegen.readonly.ReadOnlyVerdict;
import org.concoord.codegen.safety.Finding;
import org.concoord.core.host.ObjectCatalog;

/**
 * The classes of a replica's code that it may host as named objects: every public, concrete,
 * top-level or static nested class of the jar, directory or compilation, in the object's package or
 * below it (a jar may carry libraries: they are not objects), with a public no-argument constructor
 * that passes the object check ({@link ObjectCheck}, as {@code concoord object -s}), the instance's
 * own class first (the class a named call naming none creates). With {@code --unchecked}, those
 * that fail are hosted too (said in the log). Loading does not initialize a class; the check runs
 * the constructor of those it checks, as for the object.
 */
public final class ObjectClasses {
  private ObjectClasses() {}

  public static ObjectCatalog catalog(LoadedObject loaded, boolean unchecked, PrintStream log) {
    Class<?> main = loaded.objectClass();
    List<Class<?>> classes = new ArrayList<>();
    classes.add(main);
    Map<String, byte[]> files = loaded.classFiles();
    List<String> refused = new ArrayList<>();
    String packagePrefix = main.getPackageName().isEmpty() ? "" : main.getPackageName() + ".";
    for (String name : files.keySet()) {
      if (name.equals(main.getName())
          || name.endsWith("Proxy")
          || name.endsWith("Proxy$Async")
          || !name.startsWith(packagePrefix)
          || (packagePrefix.isEmpty() && name.contains("."))) {
        continue;
      }
      Class<?> candidate = candidate(name, main.getClassLoader());
      if (candidate == null) {
        continue;
      }
      List<Finding> findings;
      try {
        findings = ObjectCheck.check(candidate, files);
      } catch (RuntimeException | LinkageError e) {
        refused.add(name + " (" + e + ")");
        continue;
      }
      if (findings.isEmpty() || unchecked) {
        classes.add(candidate);
      } else {
        refused.add(name + " (" + findings.get(0) + (findings.size() > 1 ? ", ..." : "") + ")");
      }
    }
    if (!refused.isEmpty()) {
      log.println(
          "concoord replica: "
              + refused.size()
              + " class(es) of the code cannot be"
              + " named objects: "
              + String.join("; ", refused.subList(0, Math.min(5, refused.size())))
              + (refused.size() > 5 ? "; ..." : ""));
      log.flush();
    }
    return ObjectCatalog.of(classes).withReadOnly(readOnly(classes, files));
  }

  /**
   * Per class, the methods whose every overload the bytecode analysis finds read-only: those a
   * watch may evaluate (issue 21). A class the analysis cannot read has none (watches refused).
   */
  static Map<String, java.util.Set<String>> readOnly(
      List<Class<?>> classes, Map<String, byte[]> files) {
    Map<String, java.util.Set<String>> methods = new java.util.TreeMap<>();
    for (Class<?> c : classes) {
      Map<String, Boolean> all = new java.util.TreeMap<>();
      try {
        for (ReadOnlyVerdict verdict : ReadOnlyAnalysis.of(c, files)) {
          all.merge(verdict.method().getName(), verdict.readOnly(), Boolean::logicalAnd);
        }
      } catch (RuntimeException | LinkageError e) {
        continue; // unreadable: only @ReadOnly marks count for it
      }
      java.util.Set<String> names = new java.util.TreeSet<>();
      all.forEach(
          (name, readOnly) -> {
            if (readOnly) {
              names.add(name);
            }
          });
      methods.put(c.getName(), names);
    }
    return methods;
  }

  /** The class {@code name} if it may be hosted at all (by its shape), else null. */
  private static Class<?> candidate(String name, ClassLoader loader) {
    try {
      Class<?> c = Class.forName(name, false, loader);
      int modifiers = c.getModifiers();
      if (!Modifier.isPublic(modifiers)
          || Modifier.isAbstract(modifiers)
          || c.isInterface()
          || c.isEnum()
          || c.isRecord()
          || c.isAnnotation()
          || c.isAnonymousClass()
          || c.isLocalClass()
          || (c.isMemberClass() && !Modifier.isStatic(modifiers))) {
        return null;
      }
      c.getConstructor(); // public, no arguments
      return c;
    } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
      return null;
    }
  }
}
