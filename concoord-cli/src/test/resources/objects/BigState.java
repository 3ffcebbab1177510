import java.util.ArrayList;
import java.util.List;

/**
 * A list of strings, for the snapshot and state-quota tests: grown by the caller's values
 * ({@code add}) or by strings generated on every replica alike ({@code grow}), so that a large
 * state needs no large requests.
 */
public class BigState {
  private final List<String> values = new ArrayList<>();

  public int add(String value) {
    values.add(value);
    return values.size();
  }

  /** Appends every string of {@code more} (a value of several MiB is a list of strings). */
  public int addAll(List<String> more) {
    values.addAll(more);
    return values.size();
  }

  /** Appends {@code count} strings of {@code chars} chars each, the same on every replica. */
  public int grow(int count, int chars) {
    for (int i = 0; i < count; i++) {
      char c = (char) ('a' + values.size() % 26);
      values.add(String.valueOf(c).repeat(chars));
    }
    return values.size();
  }

  public int size() {
    return values.size();
  }

  public long chars() {
    long total = 0;
    for (String value : values) {
      total += value.length();
    }
    return total;
  }

  public int removeLast() {
    if (!values.isEmpty()) {
      values.remove(values.size() - 1);
    }
    return values.size();
  }
}
