import java.util.List;
import org.concoord.core.sync.FencedLock;

/** HttpApiIT's object: a lock (acquire blocks) with a counter, a method that throws, typed args. */
public class Box extends FencedLock {
  private long count;

  public record Item(String name, long quantity) {}

  public long add(long delta) {
    count += delta;
    return count;
  }

  public long get() {
    return count;
  }

  public void fail(String why) {
    throw new IllegalArgumentException(why);
  }

  public record Echo(Item item, long sum) {}

  public Echo echo(Item item, List<Long> numbers) {
    long sum = 0;
    for (long n : numbers) {
      sum += n;
    }
    return new Echo(item, sum);
  }
}
