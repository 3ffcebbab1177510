package org.concoord.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concoord.codegen.cli.ObjectCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code concoord object -f Shelf.java -c Shelf} and the processor write the same proxy, byte for
 * byte: one generator behind both, fed by reflection on one side and by source elements on the
 * other. Shelf holds what tells the two models apart if they differ: a generic superclass bound by
 * the class, a generic method, wildcards, arrays, varargs, a nested type, a Caller among other
 * parameters, checked exceptions and equals/hashCode that stay local.
 */
class SameProxyTest {
  static final String SHELF =
      String.join(
          "\n",
          "package shop;",
          "",
          "import java.io.IOException;",
          "import java.util.ArrayList;",
          "import java.util.List;",
          "import java.util.Map;",
          "import java.util.Optional;",
          "import java.util.TreeMap;",
          "import org.concoord.client.Replicated;",
          "import org.concoord.core.host.Caller;",
          "",
          "@Replicated",
          "public class Shelf extends Base<String> implements Comparable<Shelf> {",
          "  public static class Entry {",
          "    public String name;",
          "    public long count;",
          "  }",
          "",
          "  private final Map<String, List<Long>> counts = new TreeMap<>();",
          "",
          "  public Shelf() throws IOException {}",
          "",
          "  public Map<String, List<Long>> counts() { return counts; }",
          "  public <T extends Long> T max(List<T> values) { return values.get(0); }",
          "  public void load(String path) throws IOException { throw new IOException(path); }",
          "  public Optional<String> find(String key) { return Optional.ofNullable(key); }",
          "  public String[] names() { return counts.keySet().toArray(new String[0]); }",
          "  public long sum(long... values) { return values.length; }",
          "  public void rename(String[] names) { counts.clear(); }",
          "  public void tag(String key, Caller caller, long count) {",
          "    counts.computeIfAbsent(key, k -> new ArrayList<>()).add(count + caller.clientId());",
          "  }",
          "  public List<? extends Long> numbers(List<? super Integer> sink) { return List.of(); }",
          "  public Entry entry(String name) { return new Entry(); }",
          "  @Override public int compareTo(Shelf other) { return 0; }",
          "  @Override public boolean equals(Object o) { return o == this; }",
          "  @Override public int hashCode() { return counts.size(); }",
          "  @Override public String toString() { return \"Shelf\"; }",
          "}",
          "",
          "class Base<T> {",
          "  private final List<T> items = new ArrayList<>();",
          "  public void put(T item) { items.add(item); }",
          "  public List<T> items() { return items; }",
          "}",
          "");

  @Test
  void objectCommandAndProcessorWriteTheSameProxy(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("Shelf.java");
    Files.writeString(file, SHELF, StandardCharsets.UTF_8);
    int exit = new CommandLine(new ObjectCommand()).execute("-f", file.toString(), "-c", "Shelf");
    assertEquals(0, exit);
    String fromCommand = Files.readString(directory.resolve("ShelfProxy.java"));

    Compilation compilation =
        ReplicatedProcessorTest.compile(JavaFileObjects.forSourceString("shop.Shelf", SHELF));
    assertThat(compilation).succeeded();
    assertEquals(fromCommand, ReplicatedProcessorTest.generated(compilation, "shop.ShelfProxy"));
  }
}
