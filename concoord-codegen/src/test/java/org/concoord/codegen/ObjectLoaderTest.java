package org.concoord.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.concoord.core.host.Caller;
import org.concoord.core.host.ObjectHost;
import org.concoord.objects.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectLoaderTest {
  /** The object library's sources, beside this module. */
  static final Path OBJECTS = Path.of("../concoord-objects/src/main/java/org/concoord/objects");

  @TempDir Path temp;

  @Test
  void loadsFromAJavaFileBySimpleNameInAFreshLoader() throws IOException {
    Path source = copy("Counter.java");
    try (LoadedObject loaded = ObjectLoader.open(source, "Counter")) {
      Class<?> counter = loaded.objectClass();
      assertEquals("org.concoord.objects.Counter", counter.getName());
      assertNotSame(Counter.class, counter, "the file given must win over the class path");
      assertInstanceOf(URLClassLoader.class, counter.getClassLoader());
      new ObjectHost(counter); // hostable as it is
    }
  }

  @Test
  void closingDeletesTheTemporaryCompilationOutput() throws IOException {
    LoadedObject loaded = ObjectLoader.open(copy("Counter.java"), "Counter");
    Path classes = loaded.classesRoot();
    assertTrue(Files.isDirectory(classes));
    loaded.close();
    assertFalse(Files.exists(classes));
  }

  @Test
  void objectsShareTheRunningCallerClass() throws IOException {
    try (LoadedObject loaded = ObjectLoader.open(copy("Lock.java"), "Lock")) {
      Class<?> lock = loaded.objectClass();
      assertSame(Caller.class, assertDoesNotThrowGetAcquire(lock).getParameterTypes()[0]);
      assertFalse(ProxyGenerator.generate(lock).notes().isEmpty());
    }
  }

  @Test
  void loadsFromAClassFileInferringItsClassesRootFromThePackage() throws IOException {
    Path classes = ObjectCompiler.compile(copy("Counter.java"));
    Path classFile = classes.resolve("org/concoord/objects/Counter.class");
    try (LoadedObject loaded = ObjectLoader.open(classFile, "Counter")) {
      assertEquals(classes.toAbsolutePath(), loaded.classesRoot());
      assertEquals("org.concoord.objects.Counter", loaded.objectClass().getName());
    }
  }

  @Test
  void aClassFileOutsideItsPackageDirectoriesIsRefused() throws IOException {
    Path classes = ObjectCompiler.compile(copy("Counter.java"));
    Path stray =
        Files.copy(
            classes.resolve("org/concoord/objects/Counter.class"), temp.resolve("Counter.class"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ObjectLoader.open(stray, "Counter"));
    assertTrue(
        e.getMessage().contains("must sit at <classes root>/org/concoord/objects/"),
        e.getMessage());
  }

  @Test
  void loadsFromAJarByFullName() throws IOException {
    Path classes = ObjectCompiler.compile(copy("AppendList.java"));
    Path jar = jar(classes, temp.resolve("objects.jar"));
    try (LoadedObject loaded = ObjectLoader.open(jar, "org.concoord.objects.AppendList")) {
      assertEquals("AppendList", loaded.objectClass().getSimpleName());
      assertEquals(List.of(), loaded.checkSafety());
    }
  }

  @Test
  void anUnknownClassNameIsAnErrorListingWhatTheFileHas() throws IOException {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ObjectLoader.open(copy("Counter.java"), "Countr"));
    assertTrue(e.getMessage().contains("no class Countr in"), e.getMessage());
    assertTrue(e.getMessage().contains("org.concoord.objects.Counter"), e.getMessage());
  }

  @Test
  void anotherKindOfFileIsRefused() throws IOException {
    Path python = Files.writeString(temp.resolve("counter.py"), "class Counter: pass\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ObjectLoader.open(python, "Counter"));
    assertTrue(e.getMessage().contains("is not a .java, .class or .jar file"), e.getMessage());
  }

  @Test
  void sameCodeHasTheSameFingerprint() throws IOException {
    Class<?> first = ObjectLoader.load(copy("Counter.java"), "Counter");
    Class<?> second = ObjectLoader.load(copy("Counter.java"), "Counter");
    assertNotSame(first, second);
    assertEquals(ObjectLoader.fingerprint(first), ObjectLoader.fingerprint(second));
    assertEquals(64, ObjectLoader.fingerprint(first).length());
  }

  @Test
  void changedCodeHasAnotherFingerprint() throws IOException {
    Class<?> original = ObjectLoader.load(copy("Counter.java"), "Counter");
    Path changed = copy("Counter.java");
    Files.writeString(changed, Files.readString(changed).replace("value++", "value += 2"));
    assertNotEquals(
        ObjectLoader.fingerprint(original),
        ObjectLoader.fingerprint(ObjectLoader.load(changed, "Counter")));
  }

  @Test
  void fingerprintCoversNestedClasses() throws IOException {
    String template =
        """
        public class Outer {
          static class Inner {
            long value() { return %d; }
          }
        }
        """;
    Path one = Files.createDirectories(temp.resolve("one")).resolve("Outer.java");
    Path two = Files.createDirectories(temp.resolve("two")).resolve("Outer.java");
    Files.writeString(one, template.formatted(1));
    Files.writeString(two, template.formatted(2));
    Map<String, byte[]> nested = ClassFiles.of(ObjectLoader.load(one, "Outer"));
    assertEquals(List.of("Outer", "Outer$Inner"), List.copyOf(nested.keySet()));
    assertNotEquals(
        ObjectLoader.fingerprint(ObjectLoader.load(one, "Outer")),
        ObjectLoader.fingerprint(ObjectLoader.load(two, "Outer")));
  }

  private static java.lang.reflect.Method assertDoesNotThrowGetAcquire(Class<?> lock) {
    try {
      return lock.getMethod("acquire", Caller.class);
    } catch (NoSuchMethodException e) {
      throw new AssertionError("Lock.acquire(Caller) from the file must take the host's Caller", e);
    }
  }

  /** A copy of an object library source in a directory of its own. */
  private Path copy(String fileName) throws IOException {
    Path directory = Files.createTempDirectory(temp, "src");
    return Files.copy(OBJECTS.resolve(fileName), directory.resolve(fileName));
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Map.Entry<String, byte[]> entry : ClassFiles.all(classes).entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey().replace('.', '/') + ".class"));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }
}
