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
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.concoord.codegen.ObjectCheck;
import org.concoord.codegen.safety.Category;
import org.concoord.codegen.safety.Finding;
import org.concoord.codegen.safety.SafetyChecker;

/**
 * Runs {@link ObjectCheck}, the one check of {@code concoord object -s} and of a replica loading
 * its object, on each {@code @Replicated} class once javac has written its class files, and reports
 * every finding as a compiler diagnostic at the finding's line ({@link FindingLocator}). Javac's
 * {@link TaskListener} tells when each class file is written (they are collected) and when the
 * compilation ends, the last moment a diagnostic still counts: then every annotated class is loaded
 * from those class files ({@link CompiledClasses}) and checked with all of them (its nested and
 * anonymous classes, its helpers in any package).
 *
 * <p>What a proxy or a replica would refuse (the class cannot be hosted, a method clients cannot
 * call, state a snapshot cannot carry) is always an error; the bytecode safety findings are errors,
 * warnings or skipped as {@code @Replicated(safety = ...)} says.
 *
 * <p>Needs javac's {@code com.sun.source} API: {@link #install} gives null elsewhere (the processor
 * then warns that the check did not run).
 */
final class SafetyListener implements TaskListener {
  /** What a proxy or a replica refuses whatever the safety setting says. */
  private static final java.util.Set<Category> REFUSED =
      java.util.EnumSet.of(Category.HOSTING, Category.VALUES, Category.STATE);

  private final ProcessingEnvironment env;
  private final FindingLocator locator;

  /** Annotated classes, by binary name -> how to report safety findings (null: skip them). */
  private final Map<String, Diagnostic.Kind> watched = new LinkedHashMap<>();

  /** Class files this compilation wrote, by binary name. */
  private final Map<String, byte[]> classes = new HashMap<>();

  private SafetyListener(ProcessingEnvironment env, Trees trees) {
    this.env = env;
    this.locator = new FindingLocator(trees);
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

  /**
   * Checks {@code type} once its class files are written, reporting safety findings as {@code
   * safety} (null: only what a proxy or replica refuses).
   */
  void watch(TypeElement type, Diagnostic.Kind safety) {
    locator.index(type);
    watched.put(env.getElementUtils().getBinaryName(type).toString(), safety);
  }

  @Override
  public void started(TaskEvent event) {}

  /**
   * Collects each class file as javac writes it; when the whole compilation is written (so that an
   * object's nested classes and helpers are all there), checks the annotated classes.
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
      for (Map.Entry<String, Diagnostic.Kind> entry : watched.entrySet()) {
        if (classes.containsKey(entry.getKey())) { // else javac stopped before writing it
          report(entry.getKey(), entry.getValue());
        }
      }
      watched.clear();
    }
  }

  private void report(String className, Diagnostic.Kind safety) {
    String packageName =
        className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
    for (Finding finding : check(className, safety != null)) {
      boolean refused = REFUSED.contains(finding.category());
      if (refused || safety != null) {
        String what = refused ? "cannot be replicated: " : "not safe to replicate: ";
        locator.report(
            env.getMessager(),
            refused ? Diagnostic.Kind.ERROR : safety,
            packageName,
            finding,
            what + finding + ": " + finding.category().why());
      }
    }
  }

  /** The findings of the one check, or of its bytecode part if the class cannot be loaded. */
  private List<Finding> check(String className, boolean whole) {
    CompiledClasses loader =
        new CompiledClasses(classes, env.getFiler(), SafetyListener.class.getClassLoader());
    try {
      Class<?> type = Class.forName(className, false, loader);
      return whole ? ObjectCheck.check(type, classes) : ObjectCheck.hostingAndValues(type);
    } catch (ClassNotFoundException | LinkageError e) {
      env.getMessager()
          .printMessage(
              Diagnostic.Kind.WARNING,
              "ConCoord could not load "
                  + className
                  + " to check it whole ("
                  + e
                  + "); its bytecode alone was checked");
      return whole ? SafetyChecker.check(classes, className) : List.of();
    }
  }

  private byte[] read(String packageName, String binaryName) {
    String relative =
        binaryName.substring(packageName.isEmpty() ? 0 : packageName.length() + 1) + ".class";
    try {
      FileObject file =
          env.getFiler().getResource(StandardLocation.CLASS_OUTPUT, packageName, relative);
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
