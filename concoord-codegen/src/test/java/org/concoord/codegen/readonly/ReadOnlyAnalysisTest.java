package org.concoord.codegen.readonly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectCheck;
import org.concoord.codegen.ObjectLoader;
import org.concoord.codegen.safety.Category;
import org.concoord.codegen.safety.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-only analysis over a class with every kind of read and write it must tell apart: fields,
 * arrays, JDK containers, iterators, lambdas, helper methods, ConCoord's primitives, and objects
 * and arrays the method makes itself. Then a {@code @ReadOnly} promise broken by a write two calls
 * deep is refused by the object check, naming the field and the path.
 */
class ReadOnlyAnalysisTest {
  @TempDir Path work;

  static final String SHELF =
      String.join(
          "\n",
          "import java.util.*;",
          "import org.concoord.core.host.Caller;",
          "import org.concoord.core.host.ReadOnly;",
          "import org.concoord.core.sync.FencedLock;",
          "public class Shelf {",
          "  public record Point(int x, int y) {}",
          "  private final List<String> items = new ArrayList<>();",
          "  private final Map<String, Integer> counts = new TreeMap<>();",
          "  private final FencedLock lock = new FencedLock();",
          "  private final long[] history = new long[4];",
          "  private int total;",
          // read-only
          "  public int total() { return total; }",
          "  public List<String> items() { return List.copyOf(items); }",
          "  public int countOf(String k) { return counts.getOrDefault(k, 0); }",
          "  public String describe() { StringBuilder b = new StringBuilder();",
          "    for (String i : items) { b.append(i).append(','); } return b + \":\" + total; }",
          "  public List<String> sorted() { List<String> copy = new ArrayList<>(items);",
          "    Collections.sort(copy); copy.add(\"end\"); return copy; }",
          "  public long[] firstTwo() { long[] out = new long[2]; out[0] = history[0];",
          "    out[1] = history[1]; return out; }",
          "  public int lengths() { return items.stream().mapToInt(String::length).sum(); }",
          "  public Long holder() { return lock.holder(); }",
          "  public Point point() { return new Point(total, items.size()); }",
          "  @ReadOnly public int promised() { return helperRead() + 1; }",
          "  private int helperRead() { return total * 2; }",
          // writes
          "  public void add(String s) { items.add(s); }",
          "  public void bump() { total++; }",
          "  public void bumpTwice() { helperWrite(); }",
          "  private void helperWrite() { total += 2; }",
          "  public void record(long v) { history[0] = v; }",
          "  public void each() { items.forEach(i -> total += i.length()); }",
          "  public long acquire(Caller caller) { return lock.acquire(caller); }",
          "  public int dropFirst() { Iterator<String> it = items.iterator(); it.next();",
          "    it.remove(); return items.size(); }",
          "  public void clearCounts() { counts.clear(); }",
          "  public void sortInPlace() { Collections.sort(items); }",
          "}",
          "");

  @Test
  void eachMethodIsJudgedByWhatItWrites() throws Exception {
    Path dir = Files.createDirectories(work.resolve("shelf"));
    Files.writeString(dir.resolve("Shelf.java"), SHELF);
    try (LoadedObject loaded = ObjectLoader.open(dir, "Shelf")) {
      Map<String, ReadOnlyVerdict> verdicts = new TreeMap<>();
      ReadOnlyAnalysis.of(loaded.objectClass(), loaded.classFiles())
          .forEach(v -> verdicts.put(v.method().getName(), v));
      for (String name :
          List.of(
              "total",
              "items",
              "countOf",
              "describe",
              "sorted",
              "firstTwo",
              "lengths",
              "holder",
              "point",
              "promised")) {
        assertTrue(verdicts.get(name).readOnly(), name + ": " + verdicts.get(name).why());
      }
      Map<String, String> writes =
          Map.ofEntries(
              Map.entry("add", "calls java.util.List.add on an object it did not create"),
              Map.entry("bump", "writes the field Shelf.total"),
              Map.entry(
                  "bumpTwice", "writes the field Shelf.total (Shelf.helperWrite, Shelf.java:"),
              Map.entry("record", "writes an element of an array it did not create"),
              Map.entry("each", "writes the field Shelf.total (Shelf.lambda$each$"),
              Map.entry("acquire", "FencedLock"),
              Map.entry("dropFirst", "calls java.util.Iterator.remove"),
              Map.entry("clearCounts", "calls java.util.Map.clear"),
              Map.entry("sortInPlace", "calls java.util.Collections.sort, not known to leave its"));
      writes.forEach(
          (name, why) -> {
            ReadOnlyVerdict verdict = verdicts.get(name);
            assertTrue(
                !verdict.readOnly() && verdict.why().contains(why), name + ": " + verdict.why());
          });
      assertTrue(
          verdicts.get("bumpTwice").why().endsWith("reached through Shelf.bumpTwice"),
          verdicts.get("bumpTwice").why());
      assertTrue(verdicts.get("promised").marked());
      assertEquals(List.of(), ObjectCheck.check(loaded), "a kept promise is no finding");
    }
  }

  @Test
  void aReadOnlyMarkOnAMethodThatWritesIsRefusedNamingTheWrite() throws Exception {
    Path dir = Files.createDirectories(work.resolve("liar"));
    Files.writeString(
        dir.resolve("Liar.java"),
        String.join(
            "\n",
            "import org.concoord.core.host.ReadOnly;",
            "public class Liar {",
            "  private int reads;",
            "  @ReadOnly public int get() { return count(); }",
            "  private int count() { return ++reads; }",
            "}",
            ""));
    try (LoadedObject loaded = ObjectLoader.open(dir, "Liar")) {
      List<Finding> findings = ObjectCheck.check(loaded);
      assertEquals(1, findings.size(), findings.toString());
      Finding finding = findings.get(0);
      assertEquals(Category.READ_ONLY, finding.category());
      assertEquals("get", finding.member());
      assertTrue(
          finding
              .what()
              .contains(
                  "is marked @ReadOnly but writes the field Liar.reads"
                      + " (Liar.count, Liar.java:5), reached through Liar.get"),
          finding.what());
    }
  }
}
