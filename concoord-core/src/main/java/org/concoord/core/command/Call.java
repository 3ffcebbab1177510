package org.concoord.core.command;

import java.util.Arrays;
import java.util.Objects;

/**
 * A method invocation on the replicated object: the method's name and its arguments, encoded by the
 * client as a value list (see {@code org.concoord.core.value.ValueCodec}). The protocol never looks
 * inside {@code args}; the object host decodes them by the method's declared parameter types.
 */
public record Call(String method, byte[] args) {
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

  /** Longest method name accepted on the wire. */
  public static final int METHOD_LENGTH_MAX = 255;

  public Call {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(args, "args");
    if (method.isEmpty() || method.length() > METHOD_LENGTH_MAX) {
      throw new IllegalArgumentException("method name must be 1.." + METHOD_LENGTH_MAX + " chars");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Call c && method.equals(c.method) && Arrays.equals(args, c.args);
  }

  @Override
  public int hashCode() {
    return 31 * method.hashCode() + Arrays.hashCode(args);
  }

  @Override
  public String toString() {
    return method + "(" + args.length + "B)";
  }
}
