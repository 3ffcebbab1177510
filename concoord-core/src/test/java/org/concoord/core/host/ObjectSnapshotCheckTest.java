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

  /** Fine: concrete nested containers, records, a transient cache, a reversed TreeMap. */
  public static class Fine {
    public record Entry(String name, long value) {}

    public static class Account {
      HashMap<String, Long> history = new HashMap<>();
      long balance;
    }

    private final TreeMap<String, Account> accounts = new TreeMap<>();
    private final TreeMap<String, Long> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    private final List<Entry> entries = new ArrayList<>();
    private transient Object cache = new Object();
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

  @Test
  void fieldsThatDoNotSayWhatToBuildAreRefusedWithTheirPath() {
    assertRefused(HoldsObject.class, "HoldsObject.anything: declared as Object");
    assertRefused(HoldsInterface.class, "HoldsInterface.task: declared as Runnable");
    assertRefused(HoldsRandom.class, "HoldsRandom.random: declared as RandomGenerator");
    assertRefused(NestedMapByInterface.class, "accounts[value].history: declared as Map");
    assertRefused(NoDefaultConstructorInside.class,
        "pairs[element]: Pair needs a no-argument constructor");
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
    for (String garbage : List.of("", "{}", "[1,2]", "{\"parked\":[],\"object\":{}}",
        "{\"parked\":[[1,2,\"nosuch\",0]],\"object\":" + objectPart(before) + "}")) {
      assertThrows(IllegalArgumentException.class,
          () -> host.restore(garbage.getBytes(StandardCharsets.UTF_8)), garbage);
      assertArrayEquals(before, host.snapshot());
    }
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
