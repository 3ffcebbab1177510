/**
 * The baseline of issue 20's measure: a counter whose get() counts its reads, so that it writes a
 * field and goes through the log like every call did before reads without a log slot.
 */
public class LoggedCounter {
  private long value;
  private long reads;

  public void increment() {
    value++;
  }

  public long get() {
    reads++;
    return value;
  }
}
