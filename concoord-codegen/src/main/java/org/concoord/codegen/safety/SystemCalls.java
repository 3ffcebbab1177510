package org.concoord.codegen.safety;

import static org.concoord.codegen.safety.CallPattern.any;
import static org.concoord.codegen.safety.CallPattern.calls;

import java.util.ArrayList;
import java.util.List;

/** Calls that reach outside the object: I/O, the process's environment, reflection. */
final class SystemCalls {
  private SystemCalls() {}

  static List<CallPattern> io() {
    Category c = Category.IO;
    List<CallPattern> patterns = new ArrayList<>();
    patterns.add(any(c, "java/io/File*")); // File, FileInputStream, FileWriter, ...
    patterns.add(any(c, "java/io/RandomAccessFile"));
    patterns.add(any(c, "java/io/Console"));
    patterns.add(any(c, "java/nio/file/*"));
    patterns.add(any(c, "java/nio/channels/*"));
    patterns.add(any(c, "java/net/*"));
    patterns.add(any(c, "javax/net/*"));
    patterns.add(any(c, "java/sql/*"));
    patterns.add(any(c, "java/lang/ProcessBuilder"));
    patterns.add(any(c, "java/lang/Process"));
    patterns.add(any(c, "java/lang/ProcessHandle"));
    patterns.addAll(calls(c, "java/lang/Runtime", "exec", "exit", "halt", "load", "loadLibrary"));
    patterns.addAll(
        calls(
            c,
            "java/lang/System",
            "exit",
            "load",
            "loadLibrary",
            "console",
            "setIn",
            "setOut",
            "setErr",
            "inheritedChannel"));
    return patterns;
  }

  static List<CallPattern> environment() {
    Category c = Category.ENVIRONMENT;
    List<CallPattern> patterns = new ArrayList<>();
    patterns.addAll(
        calls(
            c,
            "java/lang/System",
            "getenv",
            "getProperty",
            "getProperties",
            "setProperty",
            "setProperties",
            "clearProperty"));
    patterns.addAll(calls(c, "java/lang/Integer", "getInteger")); // reads a system property
    patterns.addAll(calls(c, "java/lang/Long", "getLong"));
    patterns.addAll(calls(c, "java/lang/Boolean", "getBoolean"));
    patterns.addAll(
        calls(
            c,
            "java/lang/Runtime",
            "availableProcessors",
            "freeMemory",
            "totalMemory",
            "maxMemory"));
    patterns.addAll(calls(c, "java/util/Locale", "getDefault", "setDefault"));
    patterns.addAll(calls(c, "java/util/TimeZone", "getDefault", "setDefault"));
    patterns.addAll(calls(c, "java/time/ZoneId", "systemDefault"));
    patterns.addAll(calls(c, "java/nio/charset/Charset", "defaultCharset"));
    return patterns;
  }

  static List<CallPattern> reflection() {
    Category c = Category.REFLECTION;
    List<CallPattern> patterns = new ArrayList<>();
    patterns.add(any(c, "java/lang/reflect/*"));
    patterns.add(any(c, "java/lang/invoke/MethodHandles*"));
    patterns.add(any(c, "java/lang/invoke/MethodHandle"));
    patterns.add(any(c, "java/lang/invoke/VarHandle"));
    patterns.addAll(
        calls(
            c,
            "java/lang/Class",
            "forName",
            "getDeclared*",
            "getMethod",
            "getMethods",
            "getField",
            "getFields",
            "getConstructor",
            "getConstructors",
            "newInstance",
            "getClassLoader",
            "getResource*"));
    patterns.add(any(c, "java/lang/ClassLoader"));
    patterns.add(any(c, "sun/misc/Unsafe"));
    patterns.add(any(c, "jdk/internal/*"));
    return patterns;
  }
}
