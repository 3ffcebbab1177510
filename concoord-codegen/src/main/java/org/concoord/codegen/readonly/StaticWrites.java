package org.concoord.codegen.readonly;

import java.util.List;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * For the safety check's {@code STATIC_STATE}: writes into what a static field holds. A {@code
 * static final List} is as shared as a non-final static: every instance in the JVM sees it and
 * {@code __concoordinit__} does not reset it.
 */
public final class StaticWrites {
  /** One write, at {@code line} of its method. */
  public record Write(int line, String what) {}

  private StaticWrites() {}

  /**
   * The writes in {@code method} into objects and arrays held by static fields; {@code known} tells
   * the object's own classes (whose methods are judged where they are defined).
   */
  public static List<Write> of(
      ClassNode type, MethodNode method, java.util.function.Predicate<String> known) {
    return MethodWrites.staticWrites(type, method, known);
  }
}
