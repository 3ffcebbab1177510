package org.concoord.core.command;

import java.util.Arrays;
import java.util.Objects;

/**
 * A method invocation on a replicated object: the method's name and its arguments, encoded by the
 * client as a value list (see {@code org.concoord.core.value.ValueCodec}), and the object it is
 * for. The protocol never looks inside {@code args}; the object host decodes them by the method's
 * declared parameter types.
 *
 * <p>{@code object} is the name of the object ({@link ObjectNames}: a path such as {@code
 * locks/orders}); empty for the instance's default object, the one the tutorial's unnamed proxy
 * reaches. {@code objectClass} is the binary name of the class the caller expects the object to be
 * (a generated proxy sends its own), empty for "any": a call to a name of another class is refused,
 * and a name used for the first time is created as this class (or, if empty, as the instance's
 * default class). Only a named call may name a class. The names are checked for form by the replica
 * ({@link ObjectNames#problem}), which refuses a bad one with a clear reason; here only their
 * lengths are bounded, as the wire bounds them.
 */
public record Call(String method, byte[] args, String object, String objectClass) {
  /**
   * The reserved method a client calls to keep its session alive, handled by the replica, not the
   * object; its optional argument is the session expiry the client wants, in ticks of the
   * replicated clock (10 ms each in the runtime).
   */
  public static final String KEEPALIVE_METHOD = "__concoordkeepalive__";

  /**
   * The reserved method that shows or changes the replicated access policy (`concoord acl`),
   * handled by the replica, admin only; its arguments are the acl command's words.
   */
  public static final String ACL_METHOD = "__concoordacl__";

  /**
   * The reserved method of {@code concoord upgrade}: checks, switches to or rolls back the object
   * code at the slot that decides it, the code inside the call; admin only.
   */
  public static final String UPGRADE_METHOD = "__concoordupgrade__";

  /** Longest method name accepted on the wire. */
  public static final int METHOD_LENGTH_MAX = 255;

  /** Longest class name a named call may give, in chars (the wire takes 3 bytes per char). */
  public static final int CLASS_LENGTH_MAX = 255;

  /** A call on the instance's default object. */
  public Call(String method, byte[] args) {
    this(method, args, "", "");
  }

  public Call {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(objectClass, "objectClass");
    if (method.isEmpty() || method.length() > METHOD_LENGTH_MAX) {
      throw new IllegalArgumentException("method name must be 1.." + METHOD_LENGTH_MAX + " chars");
    }
    if (object.length() > ObjectNames.LENGTH_MAX) {
      throw new IllegalArgumentException(
          "object name must be at most "
              + ObjectNames.LENGTH_MAX
              + " chars, got "
              + object.length());
    }
    if (objectClass.length() > CLASS_LENGTH_MAX) {
      throw new IllegalArgumentException(
          "class name must be at most " + CLASS_LENGTH_MAX + " chars, got " + objectClass.length());
    }
    if (object.isEmpty() && !objectClass.isEmpty()) {
      throw new IllegalArgumentException("only a call on a named object names a class");
    }
  }

  /** A call on the object named {@code object}, expected to be of {@code objectClass}. */
  public static Call on(String object, String objectClass, String method, byte[] args) {
    return new Call(method, args, object, objectClass);
  }

  /** Whether this call names an object (else it is for the default object). */
  public boolean isNamed() {
    return !object.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Call c
        && method.equals(c.method)
        && Arrays.equals(args, c.args)
        && object.equals(c.object)
        && objectClass.equals(c.objectClass);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * method.hashCode() + Arrays.hashCode(args)) + object.hashCode())
        + objectClass.hashCode();
  }

  @Override
  public String toString() {
    return (object.isEmpty() ? "" : object + ".") + method + "(" + args.length + "B)";
  }
}
