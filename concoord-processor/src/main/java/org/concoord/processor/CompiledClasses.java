package org.concoord.processor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Loads a class that javac has just compiled, so that the checks written for loaded classes run on
 * it at compile time: classes of this compilation from their class files, the user's libraries from
 * the compiler's class path (through the {@link Filer}), the JDK from the platform, and ConCoord's
 * core from the processor's own loader (an object's {@code Caller} must be the one the checks
 * know). Defines classes without initializing them; the state check alone runs the object's
 * constructor, as a replica would.
 */
final class CompiledClasses extends ClassLoader {
  private static final String CORE = "org.concoord.core.";

  private final Map<String, byte[]> compiled;
  private final Filer filer;
  private final ClassLoader concoord;

  CompiledClasses(Map<String, byte[]> compiled, Filer filer, ClassLoader concoord) {
    super("concoord-compiled", ClassLoader.getPlatformClassLoader());
    this.compiled = compiled;
    this.filer = filer;
    this.concoord = concoord;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith(CORE)) {
      return concoord.loadClass(name);
    }
    return super.loadClass(name, resolve); // the platform first, then findClass
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = compiled.get(name);
    if (bytes == null) {
      bytes = fromClassPath(name);
    }
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  private byte[] fromClassPath(String name) {
    int dot = name.lastIndexOf('.');
    String packageName = dot < 0 ? "" : name.substring(0, dot);
    try {
      FileObject file =
          filer.getResource(
              StandardLocation.CLASS_PATH, packageName, name.substring(dot + 1) + ".class");
      try (InputStream in = file.openInputStream()) {
        return in.readAllBytes();
      }
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
