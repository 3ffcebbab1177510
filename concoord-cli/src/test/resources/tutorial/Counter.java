public class Counter {
  private int value;

  public Counter() {
    value = 0;
  }

  public void decrement() {
    value -= 1;
  }

  public void increment() {
    value += 1;
  }

  public int getvalue() {
    return value;
  }

  @Override
  public String toString() {
    return "The counter value is " + value;
  }
}
