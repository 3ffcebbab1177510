package org.concoord.codegen.readonly;

import java.lang.reflect.Method;

/**
 * Whether a callable method of a replicated object leaves the object's state unchanged, and why:
 * for a method that may write, {@code why} names the first write found (the field, array or
 * container call, with its class, method and line, and the call path to it); for a read-only one,
 * what it was checked for. {@code marked}: the method carries {@code @ReadOnly}.
 */
public record ReadOnlyVerdict(Method method, boolean readOnly, String why, boolean marked) {
  /** {@code name(Type, Type)} as a person reads it. */
  public String signature() {
    StringBuilder text = new StringBuilder(method.getName()).append('(');
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      text.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
    }
    return text.append(')').toString();
  }
}
