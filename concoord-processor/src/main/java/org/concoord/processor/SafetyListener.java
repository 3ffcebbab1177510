package org.concoord.processor;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.concoord.codegen.safety.Finding;
import org.concoord.codegen.safety.SafetyChecker;

/**
 * Runs the safety check of {@code concoord object -s} ({@link SafetyChecker}, over bytecode) on
 * each {@code @Replicated} class once javac has written its class files, and reports every
 * finding as a compiler diagnostic at the finding's line ({@link FindingLocator}). Javac's
 * {@link TaskListener} tells when each class file is written (they are collected) and when the
 * compilation ends, the last moment a diagnostic still counts: then every annotated class is
 * checked with all the class files of the compilation (its nested and anonymous classes, its
 * helpers in any package).
 *
 * <p>Needs javac's {@code com.sun.source} API: {@link #install} gives null elsewhere (the
 * processor then warns that the check did not run).
 */
final class SafetyListener implements TaskListener {
  private final ProcessingEnvironment env;
  private final FindingLocator locator;
  /** Package -> annotated classes in it (binary name -> how to report). */
  private final Map<String, Map<String, Diagnostic.Kind>> watched = new HashMap<>();
  /** Class files this compilation wrote, by binary name. */
  private final Map<String, byte[]> classes = new HashMap<>();

  private SafetyListener(ProcessingEnvironment env, Trees trees) {
    this.env = env;
    this.locator = new FindingLocator(env.getElementUtils(), trees);
  }

  /** Registers a listener with the running javac, or returns null if this is not javac. */
  static SafetyListener install(ProcessingEnvironment env) {
    ProcessingEnvironment javac = unwrap(env);
    try {
      JavacTask task = JavacTask.instance(javac);
      SafetyListener listener = new SafetyListener(env, Trees.instance(javac));
      task.addTaskListener(listener);
      return listener;
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * Gradle hands processors a wrapper of javac's environment (to track incremental outputs);
   * javac's own is in its {@code delegate} field.
   */
  private static ProcessingEnvironment unwrap(ProcessingEnvironment env) {
    for (Class<?> type = env.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field delegate = type.getDeclaredField("delegate");
        delegate.setAccessible(true);
        if (delegate.get(env) instanceof ProcessingEnvironment inner) {
          return unwrap(inner);
        }
      } catch (NoSuchFieldException e) {
        continue;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return env;
      }
    }
    return env;
  }

  /** Checks {@code type} once its class files are written, reporting findings as {@code kind}. */
  void watch(TypeElement type, Diagnostic.Kind kind) {
    String packageName = packageOf(type);
    locator.index(type);
    watched.computeIfAbsent(packageName, p -> new LinkedHashMap<>())
        .put(env.getElementUtils().getBinaryName(type).toString(), kind);
  }

  @Override
  public void started(TaskEvent event) {}

  /**
   * Collects each class file as javac writes it; when the whole compilation is written (so that
   * an object's nested classes and helpers are all there), checks the annotated classes.
   */
  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() == TaskEvent.Kind.GENERATE && event.getTypeElement() != null) {
      TypeElement generated = event.getTypeElement();
      String binaryName = env.getElementUtils().getBinaryName(generated).toString();
      byte[] bytes = read(packageOf(generated), binaryName);
      if (bytes != null) {
        classes.put(binaryName, bytes);
      }
    } else if (event.getKind() == TaskEvent.Kind.COMPILATION) {
      for (Map<String, Diagnostic.Kind> inPackage : watched.values()) {
        for (Map.Entry<String, Diagnostic.Kind> entry : inPackage.entrySet()) {
          if (classes.containsKey(entry.getKey())) { // else javac stopped before writing it
            report(entry.getKey(), entry.getValue());
          }
        }
      }
      watched.clear();
    }
  }

  private void report(String className, Diagnostic.Kind kind) {
    String packageName = className.contains(".")
        ? className.substring(0, className.lastIndexOf('.')) : "";
    for (Finding finding : SafetyChecker.check(classes, className)) {
      locator.report(env.getMessager(), kind, packageName, finding,
          "not safe to replicate: " + finding + ": " + finding.category().why());
    }
  }

  private byte[] read(String packageName, String binaryName) {
    String relative = binaryName.substring(packageName.isEmpty() ? 0 : packageName.length() + 1)
        + ".class";
    try {
      FileObject file = env.getFiler().getResource(StandardLocation.CLASS_OUTPUT, packageName,
          relative);
      try (InputStream in = file.openInputStream()) {
        return in.readAllBytes();
      }
    } catch (IOException | IllegalArgumentException e) {
      return null; // not written (an error stopped generation): nothing to check
    }
  }

  private String packageOf(TypeElement type) {
    return env.getElementUtils().getPackageOf(type).getQualifiedName().toString();
  }
}
