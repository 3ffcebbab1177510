package org.concoord.core.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.concoord.core.command.Call;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/** Objects whose state a snapshot cannot carry are refused at load, naming the field and why. */
class ObjectSnapshotCheckTest {
  public static class HoldsObject {
    private Object anything;
  }

  public static class HoldsInterface {
    private Runnable task;
  }

  public static class HoldsRandom {
    private final RandomGenerator random = RandomGenerator.getDefault();
  }

  public static class NestedMapByInterface {
    public static class Account {
      Map<String, Long> history = new HashMap<>();
    }

    private final TreeMap<String, Account> accounts = new TreeMap<>();
  }

  public static class NoDefaultConstructorInside {
    public static class Pair {
      final long a;

      Pair(long a) {
        this.a = a;
      }
    }

    private final List<Pair> pairs = new ArrayList<>();
  }

  /** Fine: concrete nested containers, records, a reversed TreeMap. */
  public static class Fine {
    public record Entry(String name, long value) {}

    public static class Account {
      HashMap<String, Long> history = new HashMap<>();
      long balance;
    }

    private final TreeMap<String, Account> accounts = new TreeMap<>();
    private final TreeMap<String, Long> reversed =
        new TreeMap<>(java.util.Comparator.reverseOrder());
    private final List<Entry> entries = new ArrayList<>();
    private int[] counts = new int[3];

    public void put(String name, long value) {
      Account account = accounts.computeIfAbsent(name, n -> new Account());
      account.balance += value;
      account.history.put("v" + value, value);
      reversed.put(name, value);
      entries.add(new Entry(name, value));
      counts[(int) (value % 3)]++;
    }

    public List<String> order() {
      return new ArrayList<>(reversed.keySet());
    }
  }

  /** The case: a replica caught up by snapshot answered "0.1" for "0.10". */
  public static class Ledger {
    private java.math.BigDecimal price = new java.math.BigDecimal("0.20");
    private java.time.Instant since;
    private final TreeMap<Integer, java.math.BigDecimal> byId = new TreeMap<>();
    private java.util.EnumMap<Kind, java.util.UUID> owners = new java.util.EnumMap<>(Kind.class);
    private java.util.HashMap<Long, java.time.Duration> waits = new HashMap<>();
    private java.time.LocalDate day;
    private java.math.BigInteger big = java.math.BigInteger.TEN.pow(30);

    public enum Kind {
      A,
      B
    }

    public void set(String price, String since) {
      this.price = new java.math.BigDecimal(price);
      this.since = java.time.Instant.parse(since);
      byId.put(byId.size(), this.price);
      owners.put(Kind.B, java.util.UUID.nameUUIDFromBytes(price.getBytes(StandardCharsets.UTF_8)));
      waits.put((long) byId.size(), java.time.Duration.ofMillis(byId.size()));
      day = java.time.LocalDate.of(2026, 12, byId.size());
    }

    public String price() {
      return price.toString();
    }
  }

  public static class EnumKeyedHashMap {
    private final HashMap<Ledger.Kind, Long> counts = new HashMap<>();
  }

  public static class EnumHashSetDeclaredAsSet {
    private final java.util.Set<Ledger.Kind> seen = new java.util.HashSet<>();
  }

  public static class WeakCache {
    private final java.util.WeakHashMap<String, Long> cache = new java.util.WeakHashMap<>();
  }

  public static class TransientState {
    private transient long count;
  }

  @Test
  void exactValuesSurviveASnapshotByteForByte() {
    ObjectHost host = new ObjectHost(Ledger.class);
    for (String price : List.of("0.10", "1.1000", "2.50")) {
      host.execute(
          new CallContext(1, 1, 0),
          new Call("set", ValueCodec.encodeArgs(price, "2026-12-06T21:30:00.5Z")));
    }
    ObjectHost copy = new ObjectHost(Ledger.class);
    copy.restore(host.snapshot());
    assertArrayEquals(host.snapshot(), copy.snapshot());
    assertEquals("2.50", ((Ledger) copy.instance()).price());
    assertEquals(new java.math.BigDecimal("0.10"), ((Ledger) copy.instance()).byId.get(0));
    assertEquals(2, ((Ledger) copy.instance()).byId.get(0).scale());
  }

  @Test
  void containersThatIterateDifferentlyOnEachReplicaAreRefusedWithASuggestion() {
    assertRefused(EnumKeyedHashMap.class, "EnumKeyedHashMap.counts[key]: HashMap keyed by Kind");
    assertRefused(EnumKeyedHashMap.class, "use EnumMap or TreeMap or LinkedHashMap");
    assertRefused(EnumHashSetDeclaredAsSet.class, "HashSet keyed by Kind");
    assertRefused(EnumHashSetDeclaredAsSet.class, "use EnumSet or TreeSet or LinkedHashSet");
    assertRefused(
        WeakCache.class,
        "WeakCache.cache: container java.util.WeakHashMap (its"
            + " content and order depend on garbage collection");
    assertRefused(TransientState.class, "TransientState.count: transient");
  }

  @Test
  void fieldsThatDoNotSayWhatToBuildAreRefusedWithTheirPath() {
    assertRefused(HoldsObject.class, "HoldsObject.anything: declared as Object");
    assertRefused(HoldsInterface.class, "HoldsInterface.task: declared as Runnable");
    assertRefused(HoldsRandom.class, "HoldsRandom.random: declared as RandomGenerator");
    assertRefused(NestedMapByInterface.class, "accounts[value].history: declared as Map");
    assertRefused(
        NoDefaultConstructorInside.class, "pairs[element]: Pair needs a no-argument constructor");
  }

  @Test
  void aRestoredObjectEqualsTheOriginalAndKeepsItsContainersKind() {
    ObjectHost host = new ObjectHost(Fine.class);
    for (String name : List.of("b", "a", "c")) {
      host.execute(new CallContext(1, 1, 0), new Call("put", ValueCodec.encodeArgs(name, 4L)));
    }
    ObjectHost copy = new ObjectHost(Fine.class);
    copy.restore(host.snapshot());
    assertArrayEquals(host.snapshot(), copy.snapshot());
    assertEquals(List.of("c", "b", "a"), ((Fine) copy.instance()).order());
  }

  @Test
  void bytesThatAreNotASnapshotAreRefusedAndChangeNothing() {
    ObjectHost host = new ObjectHost(Fine.class);
    host.execute(new CallContext(1, 1, 0), new Call("put", ValueCodec.encodeArgs("a", 1L)));
    byte[] before = host.snapshot();
    for (String garbage :
        List.of(
            "",
            "{}",
            "[1,2]",
            "{\"parked\":[],\"object\":{}}",
            "{\"parked\":[[1,2,\"nosuch\",0]],\"object\":" + objectPart(before) + "}")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> host.restore(garbage.getBytes(StandardCharsets.UTF_8)),
          garbage);
      assertArrayEquals(before, host.snapshot());
    }
  }

  /**
   * Review case 17: eight MiB of {@code [],[],...} where an int array's elements belong. Restoring
   * built a tree of the whole document first, millions of nodes (hundreds of MiB) before the first
   * check; streamed, it is refused at the first element, having allocated next to nothing.
   */
  @Test
  void aSnapshotBombIsRefusedBeforeItIsBuilt() {
    ObjectHost host = new ObjectHost(Fine.class);
    byte[] before = host.snapshot();
    String object = objectPart(before);
    int at = object.indexOf("\"counts\":[") + 10;
    StringBuilder bomb =
        new StringBuilder(8 << 20).append("{\"parked\":[],\"object\":").append(object, 0, at);
    bomb.append("[]");
    while (bomb.length() < 8 << 20) {
      bomb.append(",[]");
    }
    bomb.append(object.substring(object.indexOf(']', at))).append('}');
    byte[] bytes = bomb.toString().getBytes(StandardCharsets.UTF_8);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    assertThrows(IllegalArgumentException.class, () -> host.restore(bytes));
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertTrue(allocated < 16 << 20, "restoring allocated " + allocated + " bytes");
    assertArrayEquals(before, host.snapshot());
  }

  private static String objectPart(byte[] snapshot) {
    String json = new String(snapshot, StandardCharsets.UTF_8);
    return json.substring(json.indexOf("\"object\":") + 9, json.length() - 1);
  }

  private static void assertRefused(Class<?> type, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ObjectHost(type));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
