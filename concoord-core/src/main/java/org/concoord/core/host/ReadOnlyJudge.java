package org.concoord.core.host;

import java.lang.reflect.Method;

/**
 * Which callable methods of a hosted class are read-only, and so may be answered without a log
 * slot. The core cannot read bytecode: a node that checks its object at load time (the CLI, with
 * {@code codegen.readonly}) judges by the analysis; elsewhere (the simulator, tests) a method is
 * read-only when it is marked {@link ReadOnly}. A method a judge calls read-only must write no
 * state: replicas would otherwise diverge, since a read runs on one replica only.
 */
@FunctionalInterface
public interface ReadOnlyJudge {
  /** Methods marked {@link ReadOnly}, trusted as marked (verified where the CLI loads them). */
  ReadOnlyJudge MARKED = (objectClass, method) -> method.isAnnotationPresent(ReadOnly.class);

  /** No method is read-only: every call goes through the log. */
  ReadOnlyJudge NONE = (objectClass, method) -> false;

  boolean isReadOnly(Class<?> objectClass, Method method);
}
