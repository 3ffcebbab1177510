package org.concoord.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Compiles {@code @Replicated} classes with the processor (Google's compile-testing): each gives
 * the right proxy or a clear error where the problem is.
 */
class ReplicatedProcessorTest {
  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new ReplicatedProcessor()).compile(sources);
  }

  static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceLines(name, lines);
  }

  static String generated(Compilation compilation, String proxyName) {
    JavaFileObject file =
        compilation
            .generatedSourceFile(proxyName)
            .orElseThrow(() -> new AssertionError("no " + proxyName + " generated"));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void goodClassCompilesWithItsProxyAndAProgramUsingIt() {
    JavaFileObject counter =
        source(
            "shop.Counter",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Counter {",
            "  private long value;",
            "  public void increment() { value++; }",
            "  public long value() { return value; }",
            "}");
    JavaFileObject user =
        source(
            "shop.Main",
            "package shop;",
            "class Main {",
            "  static long use(String bootstrap) throws Exception {",
            "    try (CounterProxy counter = new CounterProxy(bootstrap)) {",
            "      counter.increment();",
            "      return counter.async().value().get();",
            "    }",
            "  }",
            "}");
    Compilation compilation = compile(counter, user);
    assertThat(compilation).succeededWithoutWarnings();
    String proxy = generated(compilation, "shop.CounterProxy");
    assertTrue(
        proxy.contains("public class CounterProxy extends Counter implements AutoCloseable"),
        proxy);
    assertTrue(proxy.contains("return client.invoke(\"value\", long.class);"), proxy);
  }

  @Test
  void forbiddenCallIsAnErrorAtItsLine() {
    JavaFileObject clocky =
        source(
            "shop.Clocky",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Clocky {",
            "  private long last;",
            "  public long now() {",
            "    last = System.currentTimeMillis();",
            "    return last;",
            "  }",
            "}");
    Compilation compilation = compile(clocky);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Clocky.now:7: calls java.lang.System.currentTimeMillis")
        .inFile(clocky)
        .onLine(7);
    assertThat(compilation).hadErrorContaining("reads a clock");
  }

  @Test
  void findingInANestedClassIsReportedAtItsLineAndWarningModeCompiles() {
    JavaFileObject worker =
        source(
            "shop.Worker",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated(safety = Replicated.Safety.WARNING)",
            "public class Worker {",
            "  public void start() {",
            "    Runnable task = new Runnable() {",
            "      @Override public void run() {",
            "        new Thread(() -> {}).start();",
            "      }",
            "    };",
            "    task.run();",
            "  }",
            "}");
    Compilation compilation = compile(worker);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("uses threads").inFile(worker).onLine(8);
  }

  @Test
  void noNoArgumentConstructorIsAnErrorOnTheClass() {
    JavaFileObject account =
        source(
            "shop.Account",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Account {",
            "  private final String owner;",
            "  public Account(String owner) { this.owner = owner; }",
            "  public String owner() { return owner; }",
            "}");
    Compilation compilation = compile(account);
    assertThat(compilation)
        .hadErrorContaining(
            "shop.Account has no public no-argument constructor: the replicas construct it")
        .inFile(account)
        .onLine(4);
  }

  @Test
  void finalClassIsAnErrorOnTheClass() {
    JavaFileObject fixed =
        source(
            "shop.Fixed",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public final class Fixed {",
            "  public int one() { return 1; }",
            "}");
    Compilation compilation = compile(fixed);
    assertThat(compilation)
        .hadErrorContaining("shop.Fixed is final: its proxy must extend it")
        .inFile(fixed)
        .onLine(4);
  }

  @Test
  void genericMethodKeepsItsTypeParametersAndSendsTheBoundsErasure() {
    JavaFileObject ranking =
        source(
            "shop.Ranking",
            "package shop;",
            "import java.util.List;",
            "import java.util.Map;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Ranking {",
            "  public <T extends Long> T max(List<T> values) { return values.get(0); }",
            "  public Map<String, List<Long>> scores() { return Map.of(); }",
            "}");
    Compilation compilation = compile(ranking);
    assertThat(compilation).succeededWithoutWarnings();
    String proxy = generated(compilation, "shop.RankingProxy");
    assertTrue(proxy.contains("public <T extends Long> T max(List<T> values) {"), proxy);
    assertTrue(proxy.contains("return client.invoke(\"max\", Long.class, values);"), proxy);
    assertTrue(
        proxy.contains(
            "TypeRef.of(Map.class, String.class, TypeRef.of(List.class," + " Long.class))"),
        proxy);
  }

  @Test
  void overloadsOfDifferentArityAreForwardedAndOfOneArityRefused() {
    JavaFileObject adder =
        source(
            "shop.Adder",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Adder {",
            "  public int add(int a) { return a; }",
            "  public int add(int a, int b) { return a + b; }",
            "}");
    Compilation good = compile(adder);
    assertThat(good).succeededWithoutWarnings();
    String proxy = generated(good, "shop.AdderProxy");
    assertTrue(proxy.contains("public int add(int a) {"), proxy);
    assertTrue(proxy.contains("public int add(int a, int b) {"), proxy);

    JavaFileObject clash =
        source(
            "shop.Clash",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Clash {",
            "  public void put(String key) {}",
            "  public void put(long key) {}",
            "}");
    Compilation refused = compile(clash);
    assertThat(refused)
        .hadErrorContaining("shop.Clash has two public methods 'put' taking 1" + " argument")
        .inFile(clash)
        .onLine(6);
    assertThat(refused)
        .hadErrorContaining(
            "ConCoord tells overloads apart by their number of" + " arguments only");
  }

  @Test
  void checkedExceptionsStayInTheThrowsClauses() {
    JavaFileObject loader =
        source(
            "shop.Loader",
            "package shop;",
            "import java.io.IOException;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Loader {",
            "  public Loader() throws IOException {}",
            "  public String load(String name) throws IOException, IllegalStateException {",
            "    throw new IOException(name);",
            "  }",
            "}");
    Compilation compilation = compile(loader);
    assertThat(compilation).succeededWithoutWarnings();
    String proxy = generated(compilation, "shop.LoaderProxy");
    assertTrue(proxy.contains("public LoaderProxy(String bootstrap) throws IOException {"), proxy);
    assertTrue(
        proxy.contains(
            "public String load(String name) throws IOException," + " IllegalStateException {"),
        proxy);
  }

  @Test
  void finalMethodIsAnErrorOnTheMethod() {
    JavaFileObject sealedMethod =
        source(
            "shop.Pinned",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Pinned {",
            "  public int one() { return 1; }",
            "  public final int two() { return 2; }",
            "}");
    assertThat(compile(sealedMethod))
        .hadErrorContaining(
            "shop.Pinned.two() is final: the proxy" + " must override every public method")
        .inFile(sealedMethod)
        .onLine(6);
  }

  @Test
  void methodClientsCannotCallIsAnErrorOnItEvenWithSafetyOff() {
    JavaFileObject opaque =
        source(
            "shop.Opaque",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated(safety = Replicated.Safety.OFF)",
            "public class Opaque {",
            "  public int one() { return 1; }",
            "  public java.util.Random anything() { return null; }",
            "}");
    Compilation compilation = compile(opaque);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("cannot be replicated: Opaque.anything: cannot be" + " called")
        .inFile(opaque)
        .onLine(6);
  }

  @Test
  void stateASnapshotCannotCarryIsAnError() {
    JavaFileObject holder =
        source(
            "shop.Holder",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public class Holder {",
            "  private Object held = \"x\";",
            "  public int size() { return 1; }",
            "}");
    Compilation compilation = compile(holder);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("cannot be replicated: Holder.<state>")
        .inFile(holder)
        .onLine(4);
  }

  @Test
  void annotationOnAnInterfaceIsAnError() {
    JavaFileObject api =
        source(
            "shop.Api",
            "package shop;",
            "import org.concoord.client.Replicated;",
            "@Replicated",
            "public interface Api {",
            "  void call();",
            "}");
    assertThat(compile(api)).hadErrorContaining("shop.Api is not a class").inFile(api).onLine(4);
  }

  @Test
  void noProxyWithoutTheAnnotation() {
    JavaFileObject plain =
        source(
            "shop.Plain",
            "package shop;",
            "public class Plain {",
            "  public int one() { return 1; }",
            "}");
    Compilation compilation = compile(plain);
    assertThat(compilation).succeededWithoutWarnings();
    assertEquals(1, compilation.generatedFiles().size()); // Plain.class only
  }
}
