package org.concoord.core.command;

/**
 * The form of an object's name: a path of segments separated by {@code /} ({@code locks/orders}), 1
 * to {@value #LENGTH_MAX} chars in all, each segment one or more of {@code A-Z a-z 0-9 . _ -} and
 * neither {@code .} nor {@code ..}; no empty segment, no leading or trailing {@code /}. Case
 * matters. A path, so that an access policy can grant by prefix ({@code locks/}). The empty name is
 * the instance's default object and is never written.
 *
 * <p>Also the reserved methods through which clients list, describe, create and delete objects:
 * calls like any other, decided through the log, handled by the replica's object directory rather
 * than by an object.
 */
public final class ObjectNames {
  /** Longest name, in chars (every allowed char is one UTF-8 byte). */
  public static final int LENGTH_MAX = 255;

  /** Creates the named object: {@code Call.on(name, class or "", CREATE_METHOD, [])}. */
  public static final String CREATE_METHOD = "__concoordcreate__";

  /** Deletes the named object, failing its parked calls. */
  public static final String DELETE_METHOD = "__concoorddelete__";

  /** Describes the named object (the default one when unnamed). */
  public static final String DESCRIBE_METHOD = "__concoorddescribe__";

  /** Lists objects: on the default object, arguments [prefix, after, limit]. */
  public static final String LIST_METHOD = "__concoordlist__";

  /** Most objects one list call returns. */
  public static final int LIST_LIMIT_MAX = 1000;

  private ObjectNames() {}

  /** What is wrong with {@code name} as an object's name, or null if nothing. */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "an object name must not be empty";
    }
    if (name.length() > LENGTH_MAX) {
      return "object name is " + name.length() + " chars, over the bound of " + LENGTH_MAX;
    }
    int segmentStart = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i == name.length() || name.charAt(i) == '/') {
        String segment = name.substring(segmentStart, i);
        if (segment.isEmpty()) {
          return "object name '"
              + name
              + "' has an empty segment (a leading, trailing or"
              + " doubled '/')";
        }
        if (segment.equals(".") || segment.equals("..")) {
          return "object name '" + name + "' has a segment '" + segment + "'";
        }
        segmentStart = i + 1;
      } else if (!allowed(name.charAt(i))) {
        return "object name '"
            + name
            + "' has '"
            + name.charAt(i)
            + "' at "
            + i
            + "; allowed: A-Z a-z 0-9 . _ - and / between segments";
      }
    }
    return null;
  }

  /** Whether {@code method} is one of the reserved directory methods. */
  public static boolean isDirectoryMethod(String method) {
    return method.equals(CREATE_METHOD)
        || method.equals(DELETE_METHOD)
        || method.equals(DESCRIBE_METHOD)
        || method.equals(LIST_METHOD);
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }
}
