package org.concoord.core.value;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Value types the codec tests decode into. Public: the codec reaches only public types. */
public final class Shapes {
  private Shapes() {}

  public enum Color {
    RED,
    GREEN
  }

  public record Point(int x, int y) {}

  public record Tagged(
      String name, List<Long> values, Map<String, Double> weights, Optional<Color> color) {}

  public record Pair<A, B>(A first, B second) {}

  public record Node(long value, List<Node> children) {}

  public record Positive(long value) {
    public Positive {
      if (value <= 0) {
        throw new IllegalArgumentException("value must be positive: " + value);
      }
    }
  }

  /** A plain class: public no-argument constructor and public fields. */
  public static final class Account {
    public String owner;
    public long balance;
    public List<String> tags;

    @Override
    public boolean equals(Object o) {
      return o instanceof Account a
          && java.util.Objects.equals(owner, a.owner)
          && balance == a.balance
          && java.util.Objects.equals(tags, a.tags);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(owner, balance, tags);
    }
  }

  /** Declared types come from method signatures, as the host reads them. */
  public interface Signatures {
    List<Integer> listOfInt();

    java.util.Set<String> setOfString();

    Map<String, List<Long>> mapOfLists();

    Optional<String> optionalString();

    Pair<Long, String> pairOfLongString();

    List<Point>[] arrayOfLists();

    Map<Integer, String> intKeys();

    Map<Point, String> pointKeys();

    java.util.TreeMap<Integer, java.math.BigDecimal> prices();

    java.util.EnumMap<Color, java.time.Instant> stamps();

    Thread thread();

    List<?> wildcard();
  }

  static java.lang.reflect.Type typeOf(String method) {
    try {
      return Signatures.class.getMethod(method).getGenericReturnType();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
