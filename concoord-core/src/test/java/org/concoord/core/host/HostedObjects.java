package org.concoord.core.host;

import java.util.ArrayList;
import java.util.List;

/** Objects the host tests run. Public: the host reaches only public classes and methods. */
public final class HostedObjects {
  private HostedObjects() {}

  public enum Shade {
    LIGHT,
    DARK
  }

  public static class Tally {
    public long count;

    public void increment() {
      count++;
    }

    public long add(long delta) {
      count += delta;
      return count;
    }

    public long add(long delta, int times) {
      count += delta * times;
      return count;
    }

    public long get() {
      return count;
    }

    public void incrementThenFail(String message) {
      count++;
      throw new IllegalArgumentException(message);
    }

    public int recurse(int depth) {
      return recurse(depth + 1) + 1;
    }

    public Object leak() {
      return new Object();
    }

    public void takesThread(Thread thread) {}

    public String paint(Shade shade) {
      return shade.name();
    }

    public void failHugely() {
      throw new IllegalArgumentException("x".repeat(2_000_000));
    }

    public void failNastily() {
      throw new RuntimeException() {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
          throw new IllegalStateException("gotcha");
        }
      };
    }

    public String stamp(long plus, Caller caller, String tag) {
      long now = caller.stampTicks() + plus;
      return tag + ":" + caller.clientId() + "#" + caller.seq() + "@" + now;
    }

    @Override
    public String toString() {
      return "Tally " + count;
    }
  }

  /** Everyone who waits parks until open(); open() returns how many it released. */
  public static class Gate {
    private final List<Parked> waiters = new ArrayList<>();
    public Parked last;
    private static Caller kept; // static: not state, only for the misuse test

    public String await(Caller caller) {
      last = caller.park();
      waiters.add(last);
      kept = caller;
      return "ignored";
    }

    public int awaitTwice(Caller caller) {
      Parked first = caller.park();
      if (caller.park() != first) {
        throw new AssertionError("park is not idempotent");
      }
      waiters.add(first);
      return -1;
    }

    public void awaitThenThrow(Caller caller) {
      waiters.add(caller.park());
      throw new IllegalStateException("changed my mind");
    }

    public int open() {
      int released = waiters.size();
      waiters.forEach(w -> w.resume("opened"));
      waiters.forEach(w -> w.resume("twice"));
      waiters.clear();
      return released;
    }

    public void openWith(long value) {
      waiters.forEach(w -> w.resume(value));
    }

    public void refuse(String why) {
      waiters.forEach(w -> w.fail(new UnsupportedOperationException(why)));
      waiters.clear();
    }

    public void parkWithStaleCaller() {
      kept.park();
    }
  }

  /** A record whose hashCode fails, so decoding a Set of it runs (and survives) user code. */
  public record Touchy(long value) {
    @Override
    public int hashCode() {
      throw new IllegalStateException("do not hash me");
    }
  }

  public static class SetTaker implements Greeter {
    public int count(java.util.Set<Touchy> values) {
      return values.size();
    }
  }

  public static class TwoAdds {
    public void add(long a) {}

    public void add(String a) {}
  }

  static class Hidden {
    public void run() {}
  }

  public static class NoDefaultConstructor {
    public NoDefaultConstructor(int x) {}
  }

  public static class ExplodingConstructor {
    public ExplodingConstructor() {
      throw new IllegalStateException("boom");
    }
  }

  public static class Reserved {
    public void __concoordinit__() {}
  }
}
