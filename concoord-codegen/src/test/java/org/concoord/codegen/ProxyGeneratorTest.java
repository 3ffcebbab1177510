package org.concoord.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.concoord.client.ConcoordClient;
import org.concoord.codegen.fixtures.proxy.Registry;
import org.concoord.codegen.fixtures.proxy.Tricky;
import org.concoord.core.host.ObjectHost;
import org.concoord.objects.AppendList;
import org.concoord.objects.Counter;
import org.concoord.objects.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyGeneratorTest {
  @TempDir Path temp;

  @AfterEach
  void unplugBackend() {
    ConcoordClient.backend(
        (bootstrap, method, type, args) -> {
          throw new IllegalStateException("no backend");
        });
  }

  @Test
  void counterProxyMatchesGolden() {
    Golden.assertMatches("CounterProxy.java.txt", ProxyGenerator.generate(Counter.class).source());
  }

  @Test
  void lockProxyMatchesGolden() {
    Golden.assertMatches("LockProxy.java.txt", ProxyGenerator.generate(Lock.class).source());
  }

  @Test
  void registryProxyWithGenericsExceptionsAndCallerMatchesGolden() {
    Golden.assertMatches(
        "RegistryProxy.java.txt", ProxyGenerator.generate(Registry.class).source());
  }

  @Test
  void generationIsStableAcrossRuns() {
    assertEquals(ProxyGenerator.generate(Registry.class), ProxyGenerator.generate(Registry.class));
  }

  @Test
  void generatedProxiesCompileWithoutWarningsAgainstTheClientApi() {
    TestCompiler.compile(
        temp,
        List.of(
            ProxyGenerator.generate(Counter.class),
            ProxyGenerator.generate(Lock.class),
            ProxyGenerator.generate(AppendList.class),
            ProxyGenerator.generate(Registry.class)));
  }

  @Test
  void trickyNamesAndSignaturesCompile() {
    // A raw superclass makes the overrides raw too: the only warning allowed.
    TestCompiler.compile(
        temp,
        List.of(ProxyGenerator.generate(Tricky.class)),
        "-Xlint:all,-serial,-processing,-rawtypes");
  }

  @Test
  void aNestedClassHidingAnImportedNameMakesTheProxyQualifyIt() {
    String source = ProxyGenerator.generate(Tricky.class).source();
    assertTrue(source.contains("public java.util.List<String> names(String clientArg) {"), source);
    assertTrue(source.contains("public Tricky.List single() {"), source);
    assertTrue(source.contains("public java.util.List items() {"), source);
  }

  @Test
  void referenceArraysArePassedAsOneArgument() {
    String source = ProxyGenerator.generate(Tricky.class).source();
    assertTrue(
        source.contains("return client.invoke(\"count\", int.class, (Object) names);"), source);
  }

  @Test
  void counterProxyRunsTheTutorialThroughAnObjectHost() throws Exception {
    ConcoordClient.backend(new HostBackend(new ObjectHost(Counter.class), 1));
    try (URLClassLoader loader =
        TestCompiler.loader(
            TestCompiler.compile(temp, List.of(ProxyGenerator.generate(Counter.class))))) {
      Counter c = newProxy(loader, "org.concoord.objects.CounterProxy");
      c.increment();
      c.increment();
      assertEquals(2, c.getvalue());
      ((AutoCloseable) c).close();
    }
  }

  @Test
  void concoordinitResetsTheReplicatedCounter() throws Exception {
    ConcoordClient.backend(new HostBackend(new ObjectHost(Counter.class), 1));
    try (URLClassLoader loader =
        TestCompiler.loader(
            TestCompiler.compile(temp, List.of(ProxyGenerator.generate(Counter.class))))) {
      Counter c = newProxy(loader, "org.concoord.objects.CounterProxy");
      c.increment();
      c.getClass().getMethod("__concoordinit__").invoke(c);
      c.increment();
      assertEquals(1, c.getvalue());
      assertEquals("The counter value is 1", c.toString());
    }
  }

  @Test
  void asyncCallsCompleteWithTheBoxedResult() throws Exception {
    ConcoordClient.backend(new HostBackend(new ObjectHost(AppendList.class), 1));
    try (URLClassLoader loader =
        TestCompiler.loader(
            TestCompiler.compile(temp, List.of(ProxyGenerator.generate(AppendList.class))))) {
      AppendList list = newProxy(loader, "org.concoord.objects.AppendListProxy");
      Object async = list.getClass().getMethod("async").invoke(list);
      Object future = async.getClass().getMethod("append", long.class).invoke(async, 7L);
      assertEquals(List.of(7L), ((java.util.concurrent.CompletableFuture<?>) future).get());
      assertEquals(List.of(7L), list.read());
    }
  }

  @Test
  void lockProxyDropsTheCallerAndRefusesTheOriginalSignature() throws Exception {
    ConcoordClient.backend(new HostBackend(new ObjectHost(Lock.class), 5));
    try (URLClassLoader loader =
        TestCompiler.loader(
            TestCompiler.compile(temp, List.of(ProxyGenerator.generate(Lock.class))))) {
      Lock lock = newProxy(loader, "org.concoord.objects.LockProxy");
      lock.getClass().getMethod("acquire").invoke(lock);
      assertEquals(5L, lock.holder());
      assertThrows(UnsupportedOperationException.class, () -> lock.acquire(null));
    }
    List<String> notes = ProxyGenerator.generate(Lock.class).notes();
    assertTrue(notes.get(0).contains("acquire(Caller) takes a Caller"), notes.toString());
  }

  @Test
  void notesSayThatEqualsAndHashCodeStayLocal() {
    List<String> notes = ProxyGenerator.generate(Registry.class).notes();
    assertTrue(
        notes.stream().anyMatch(n -> n.contains("Registry.equals(Object) is not forwarded")),
        notes.toString());
    assertTrue(
        notes.stream().anyMatch(n -> n.contains("Registry.hashCode() is not forwarded")),
        notes.toString());
  }

  @Test
  void proxyIsNamedAfterTheClassInItsPackage() {
    GeneratedProxy proxy = ProxyGenerator.generate(Counter.class);
    assertEquals("org.concoord.objects.CounterProxy", proxy.className());
    assertEquals("CounterProxy.java", proxy.fileName());
    assertTrue(
        proxy.source().startsWith("// Generated by concoord object from Counter; do not edit.\n"));
  }

  /** A final object class: the proxy could not extend it. */
  public static final class FinalObject {
    public void run() {}
  }

  public static class NoDefaultConstructor {
    public NoDefaultConstructor(long start) {}
  }

  public static class FinalMethod {
    public final long get() {
      return 0;
    }
  }

  public static class SameArity {
    public void put(long value) {}

    public void put(String value) {}
  }

  public static class ReservedName {
    public void __concoordinit__() {}
  }

  public static class OwnClose {
    public void close() {}
  }

  public static class Generic<T> {
    public T get() {
      return null;
    }
  }

  @Test
  void finalClassIsRefusedNamingIt() {
    assertRefused(FinalObject.class, "FinalObject is final");
  }

  @Test
  void classWithoutPublicNoArgumentConstructorIsRefused() {
    assertRefused(
        NoDefaultConstructor.class, "NoDefaultConstructor has no public no-argument constructor");
  }

  @Test
  void finalPublicMethodIsRefusedNamingIt() {
    assertRefused(FinalMethod.class, "FinalMethod.get() is final");
  }

  @Test
  void twoPublicMethodsOfOneNameAndArityAreRefused() {
    assertRefused(SameArity.class, "two public methods 'put' taking 1 argument");
  }

  @Test
  void reservedConcoordinitIsRefused() {
    assertRefused(
        ReservedName.class, "ReservedName.__concoordinit__(): __concoordinit__ is" + " reserved");
  }

  @Test
  void methodClashingWithTheProxysCloseIsRefused() {
    assertRefused(OwnClose.class, "OwnClose.close() clashes with the proxy's own close()");
  }

  @Test
  void genericObjectClassIsRefused() {
    assertRefused(Generic.class, "Generic is generic");
  }

  @Test
  void interfaceIsRefused() {
    assertRefused(Runnable.class, "java.lang.Runnable is not a class");
  }

  private static void assertRefused(Class<?> type, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProxyGenerator.generate(type));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static <T> T newProxy(ClassLoader loader, String name) throws Exception {
    Constructor<?> constructor = loader.loadClass(name).getConstructor(String.class);
    Object proxy = constructor.newInstance("127.0.0.1:14123,127.0.0.1:14200");
    assertInstanceOf(AutoCloseable.class, proxy);
    return (T) proxy;
  }

  @Test
  void aGenericClassBoundByASubclassInTheSameFileGivesAProxyThatCompiles() {
    GeneratedProxy proxy = ProxyGenerator.generate(org.concoord.codegen.fixtures.proxy.Names.class);
    assertTrue(proxy.source().contains("public int add(String item)"), proxy.source());
    TestCompiler.compile(temp, List.of(proxy));
  }
}
