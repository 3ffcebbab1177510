package org.concoord.codegen.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * Class files by internal name ({@code org/concoord/objects/Counter$1}), from a map or a classes
 * directory, parsed once each. Absent classes (the JDK, libraries) are null: the checker reads only
 * the code it was given. Not thread-safe; one per check.
 */
public final class ClassSource {
  private final Map<String, byte[]> bytes;
  private final Path root;
  private final Map<String, ClassNode> parsed = new HashMap<>();

  private ClassSource(Map<String, byte[]> bytes, Path root) {
    this.bytes = bytes;
    this.root = root;
  }

  /** Keys may be binary names ({@code a.b.C$1}) or internal names, with or without ".class". */
  public static ClassSource of(Map<String, byte[]> classBytes) {
    Map<String, byte[]> byInternalName = new HashMap<>();
    classBytes.forEach((name, code) -> byInternalName.put(internalName(name), code));
    return new ClassSource(byInternalName, null);
  }

  static ClassSource of(Path classesRoot) {
    if (!Files.isDirectory(classesRoot)) {
      throw new IllegalArgumentException(classesRoot + " is not a classes directory");
    }
    return new ClassSource(Map.of(), classesRoot);
  }

  public static String internalName(String name) {
    String bare = name.endsWith(".class") ? name.substring(0, name.length() - 6) : name;
    return bare.replace('.', '/');
  }

  /** The parsed class, or null if this source does not have it. */
  public ClassNode node(String internalName) {
    if (parsed.containsKey(internalName)) {
      return parsed.get(internalName);
    }
    byte[] code = bytes(internalName);
    ClassNode node = null;
    if (code != null) {
      node = new ClassNode();
      new ClassReader(code).accept(node, ClassReader.SKIP_FRAMES);
    }
    parsed.put(internalName, node);
    return node;
  }

  private byte[] bytes(String internalName) {
    if (root == null) {
      return bytes.get(internalName);
    }
    if (internalName.startsWith("[") || internalName.contains("..")) {
      return null;
    }
    Path file = root.resolve(internalName + ".class");
    try {
      return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
