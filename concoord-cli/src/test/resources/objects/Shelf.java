import java.math.BigDecimal;
import java.util.Optional;
import java.util.TreeMap;

/** For the command line: records and classes print as objects, void as nothing. */
public class Shelf {
  public record Item(String name, BigDecimal price) {}

  public static class Box {
    public String label;
    public int count;
  }

  private final TreeMap<String, BigDecimal> prices = new TreeMap<>();

  public void put(String name, String price) {
    prices.put(name, new BigDecimal(price));
  }

  public Item item(String name) {
    return new Item(name, prices.get(name));
  }

  public Box box(String label) {
    Box box = new Box();
    box.label = label;
    box.count = prices.size();
    return box;
  }

  public Optional<BigDecimal> find(String name) {
    return Optional.ofNullable(prices.get(name));
  }

  public long sum(int... xs) {
    long total = 0;
    for (int x : xs) {
      total += x;
    }
    return total;
  }
}
