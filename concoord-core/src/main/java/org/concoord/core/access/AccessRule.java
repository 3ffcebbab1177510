package org.concoord.core.access;

import java.util.Objects;

/**
 * One per-method rule of the policy: calling {@code method} of the objects {@code object} matches
 * needs {@code role}. {@code object} is {@code *} (every object), a name, or a prefix ending in
 * {@code *}; today an instance hosts one object, named by its class's simple name. A rule for an
 * exact object name wins over a prefix, a longer prefix over a shorter, and any over {@code *}.
 */
public record AccessRule(String object, String method, AccessRole role) {
  public AccessRule {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(role, "role");
    AccessPolicy.checkName("object", object);
    AccessPolicy.checkName("method", method);
    if (object.indexOf('*') >= 0 && object.indexOf('*') != object.length() - 1) {
      throw new IllegalArgumentException(
          "an object pattern is a name or a prefix ending in *: " + object);
    }
  }

  /** Whether this rule applies to {@code method} of {@code objectName}. */
  boolean matches(String objectName, String method) {
    if (!this.method.equals(method)) {
      return false;
    }
    return object.endsWith("*")
        ? objectName.startsWith(object.substring(0, object.length() - 1))
        : object.equals(objectName);
  }

  /** Higher for a more specific object pattern: exact beats any prefix, longer beats shorter. */
  int specificity() {
    return object.endsWith("*") ? object.length() - 1 : Integer.MAX_VALUE;
  }

  @Override
  public String toString() {
    return object + "." + method + " needs " + role.label();
  }
}
