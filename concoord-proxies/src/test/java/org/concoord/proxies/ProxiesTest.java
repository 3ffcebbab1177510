package org.concoord.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.concoord.codegen.ClassFiles;
import org.concoord.codegen.safety.SafetyChecker;
import org.concoord.objects.Counter;
import org.concoord.objects.LockProxy;
import org.junit.jupiter.api.Test;

/** The object library as a whole: every object is safe and ships with its compiled proxy. */
class ProxiesTest {
  private static final String PACKAGE = "org.concoord.objects.";

  /** The object classes: the library's public top-level classes (not its proxies). */
  private static List<String> objects() throws ClassNotFoundException {
    SortedMap<String, byte[]> library = library();
    List<String> objects = new ArrayList<>();
    for (String name : library.keySet()) {
      if (name.startsWith(PACKAGE)
          && !name.contains("$")
          && Modifier.isPublic(Class.forName(name).getModifiers())) {
        objects.add(name);
      }
    }
    return objects;
  }

  private static SortedMap<String, byte[]> library() {
    try {
      return ClassFiles.all(
          Path.of(Counter.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theLibraryHoldsEveryObjectOfTheBrief() throws ClassNotFoundException {
    List<String> expected =
        List.of(
            "AppendList",
            "Bank",
            "Barrier",
            "BinaryTree",
            "BoundedSemaphore",
            "Condition",
            "CountDownLatch",
            "Counter",
            "JobManager",
            "KvMap",
            "LeaderElection",
            "Lock",
            "Log",
            "Membership",
            "MeshMembership",
            "NameserverCoord",
            "Queue",
            "RLock",
            "ReadWriteLock",
            "Semaphore",
            "Stack");
    assertEquals(expected.stream().map(n -> PACKAGE + n).sorted().toList(), objects());
  }

  @Test
  void everyObjectPassesTheSafetyCheck() throws ClassNotFoundException {
    SortedMap<String, byte[]> library = library();
    for (String object : objects()) {
      assertEquals(List.of(), SafetyChecker.check(library, object), object);
    }
  }

  @Test
  void everyObjectShipsWithAProxyThatExtendsIt() throws ClassNotFoundException {
    for (String object : objects()) {
      Class<?> proxy = Class.forName(object + "Proxy");
      assertEquals(Class.forName(object), proxy.getSuperclass(), proxy.getName());
      assertTrue(AutoCloseable.class.isAssignableFrom(proxy), proxy.getName());
    }
  }

  @Test
  void aProxyDropsTheCallerParameterFromBlockingMethods() throws NoSuchMethodException {
    Class<?> lock = LockProxy.class;
    assertEquals(long.class, lock.getMethod("acquire").getReturnType());
    assertEquals(void.class, lock.getMethod("release").getReturnType());
  }
}
