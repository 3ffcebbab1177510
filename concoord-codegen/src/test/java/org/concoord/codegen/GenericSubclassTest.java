package org.concoord.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.message.Outcome;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advice "bind a generic class in a subclass", followed with the two in files of their own:
 * {@code -f} takes the directory, compiles both together, and the subclass passes every check, gets
 * a proxy and is hosted with the bound types (a put(T) of StringStore takes a String).
 */
class GenericSubclassTest {
  @TempDir Path work;

  /** A generic base class, as a user writes one. */
  static final String STORE =
      String.join(
          "\n",
          "import java.util.ArrayList;",
          "public class Store<T> {",
          "  protected final ArrayList<T> items = new ArrayList<>();",
          "  public int put(T item) { items.add(item); return items.size(); }",
          "  public T get(int index) { return items.get(index); }",
          "}",
          "");

  @Test
  void aGenericBaseInAnotherFileBoundByASubclassIsLoadedCheckedProxiedAndHosted() throws Exception {
    Path dir = Files.createDirectories(work.resolve("store"));
    Files.writeString(dir.resolve("Store.java"), STORE);
    Files.writeString(
        dir.resolve("Prices.java"),
        String.join(
            "\n",
            "import java.math.BigDecimal;",
            "public class Prices extends Store<BigDecimal> {",
            "  public BigDecimal first() { return items.isEmpty() ? null : items.get(0); }",
            "}",
            ""));
    try (LoadedObject loaded = ObjectLoader.open(dir, "Prices")) {
      assertEquals(List.of(), ObjectCheck.check(loaded));
      GeneratedProxy proxy = ProxyGenerator.generate(loaded.objectClass());
      assertTrue(proxy.source().contains("public int put(BigDecimal item)"), proxy.source());
      ObjectHost host = new ObjectHost(loaded.objectClass());
      var put =
          host.execute(
              new CallContext(1, 1, 0),
              new Call("put", ValueCodec.encodeArgs(new java.math.BigDecimal("0.10"))));
      assertEquals(Outcome.OK, put.response().outcome());
      var get = host.execute(new CallContext(1, 2, 0), new Call("get", ValueCodec.encodeArgs(0)));
      assertEquals("0.10", ValueCodec.decode(get.response().payload()));
      ObjectHost copy = new ObjectHost(loaded.objectClass());
      copy.restore(host.snapshot());
      org.junit.jupiter.api.Assertions.assertArrayEquals(host.snapshot(), copy.snapshot());
    }
  }

  /**
   * The superclass given compiled: a .class beside the subclass's .java in the directory given to
   * -f. It is on the sources' class path and joins the loaded classes, so the check reads its
   * bytecode (its put writes the list) and the host runs it.
   */
  @Test
  void aSuperclassGivenAsAClassFileInTheDirectoryIsCompiledAgainstLoadedAndChecked()
      throws Exception {
    Path base = Files.createDirectories(work.resolve("base"));
    Files.writeString(base.resolve("Store.java"), STORE);
    Path dir = Files.createDirectories(work.resolve("mixed"));
    javax.tools.ToolProvider.getSystemJavaCompiler()
        .run(null, null, null, "-d", dir.toString(), base.resolve("Store.java").toString());
    Files.writeString(
        dir.resolve("Prices.java"),
        String.join(
            "\n",
            "public class Prices extends Store<String> {",
            "  public String first() { return items.isEmpty() ? null : items.get(0); }",
            "}",
            ""));
    try (LoadedObject loaded = ObjectLoader.open(dir, "Prices")) {
      assertTrue(loaded.classFiles().containsKey("Store"), loaded.classFiles().keySet().toString());
      assertEquals(List.of(), ObjectCheck.check(loaded));
      String proxy = ProxyGenerator.generate(loaded.objectClass()).source();
      assertTrue(proxy.contains("public int put(String "), proxy);
      ObjectHost host = new ObjectHost(loaded.objectClass());
      var put = host.execute(new CallContext(1, 1, 0), new Call("put", ValueCodec.encodeArgs("a")));
      assertEquals(Outcome.OK, put.response().outcome());
      var first =
          host.execute(new CallContext(1, 2, 0), new Call("first", ValueCodec.encodeArgs()));
      assertEquals("a", ValueCodec.decode(first.response().payload()));
    }
  }

  /**
   * {@code -f} given several times: the base and the subclass in files of different directories
   * compile together; a superclass given as a {@code .class} file among them is on their class path
   * and loaded with them; a jar among several, or a file given twice, is refused by name.
   */
  @Test
  void severalFilesAreOneObjectAndAJarAmongThemIsRefused() throws Exception {
    Path base = Files.createDirectories(work.resolve("lib"));
    Files.writeString(base.resolve("Store.java"), STORE);
    Path app = Files.createDirectories(work.resolve("app"));
    Path prices = app.resolve("Prices.java");
    Files.writeString(
        prices,
        String.join(
            "\n",
            "public class Prices extends Store<String> {",
            "  public String first() { return items.isEmpty() ? null : items.get(0); }",
            "}",
            ""));
    try (LoadedObject loaded =
        ObjectLoader.open(List.of(base.resolve("Store.java"), prices), "Prices")) {
      assertEquals(List.of(), ObjectCheck.check(loaded));
      assertTrue(
          ProxyGenerator.generate(loaded.objectClass())
              .source()
              .contains("public int put(String "));
    }
    Path compiled = Files.createDirectories(work.resolve("compiled"));
    javax.tools.ToolProvider.getSystemJavaCompiler()
        .run(null, null, null, "-d", compiled.toString(), base.resolve("Store.java").toString());
    try (LoadedObject loaded =
        ObjectLoader.open(List.of(compiled.resolve("Store.class"), prices), "Prices")) {
      assertTrue(loaded.classFiles().containsKey("Store"), loaded.classFiles().keySet().toString());
      assertEquals(List.of(), ObjectCheck.check(loaded));
    }
    Path jar = Files.writeString(work.resolve("other.jar"), "");
    IllegalArgumentException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ObjectLoader.open(List.of(prices, jar), "Prices"));
    assertTrue(refused.getMessage().contains("other.jar"), refused.getMessage());
    IllegalArgumentException twice =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ObjectLoader.open(List.of(prices, prices), "Prices"));
    assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
  }
}
