package org.concoord.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.concoord.client.ConcoordClient;
import org.concoord.client.ConcoordException;
import org.concoord.client.Watch;
import org.concoord.client.WatchListener;
import org.concoord.client.WriteListener;
import org.concoord.client.WriteRecord;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code concoord watch [-o NAME] METHOD [ARGS...]}: prints the value of a read-only method now
 * and each time it changes, one line each, {@code SLOT VALUE} (JSON); {@code --writes} prints the
 * object's executed write calls instead (admin role).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Watches a read-only method of the replicated object: prints its value now and"
        + " every new value, one line each: the slot it was computed at, a space, the value as"
        + " JSON ('current' before a value after a resume that may have missed changes). With"
        + " --writes, prints the object's executed write calls instead (admin role), one JSON"
        + " line each. Runs until interrupted, --count events or the watch ends.")
final class WatchCommand implements Callable<Integer> {
  @Option(names = "-b", description = "Bootstrap: host:port[,host:port...].")
  String bootstrap;

  @Option(names = "--dir", description = "Local deployment directory (default ${DEFAULT-VALUE}).",
      defaultValue = ".concoord")
  String dir;

  @picocli.CommandLine.Mixin ClientTlsOptions tls;

  @Option(names = "-o", paramLabel = "NAME",
      description = "The named object to watch; without it, the instance's default object.")
  String object;

  @Option(names = "--writes",
      description = "Print the object's executed write calls (method, arguments, outcome,"
          + " result, principal, slot) instead of a value: audit and change data capture.")
  boolean writes;

  @Option(names = "--from", paramLabel = "SLOT", defaultValue = "0",
      description = "With --writes: the calls after this slot (default 0: all retained).")
  long fromSlot;

  @Option(names = "--count", paramLabel = "N", defaultValue = "0",
      description = "Stop after N events (0: never).")
  int count;

  @Parameters(index = "0", arity = "0..1", description = "The read-only method.")
  String method;

  @Parameters(index = "1..*", description = "Arguments, one JSON value or bare word each.")
  List<String> args = List.of();

  @Override
  public Integer call() throws Exception {
    if (!writes && method == null) {
      System.err.println("concoord watch: name a read-only METHOD, or give --writes");
      return 2;
    }
    String target = bootstrap != null ? bootstrap : Deployment.read(Path.of(dir)).bootstrap();
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger seen = new AtomicInteger();
    String[] ended = new String[1];
    PrintStream out = System.out;
    try (ConcoordClient client = ConcoordClient.connect(target, tls.options(Path.of(dir)))) {
      ConcoordClient watched = object == null ? client : client.object(object, "");
      // Whether one more event may be printed: with --count N, the first N only (a write
      // stream's replay arrives at once, before the main thread can stop it).
      BooleanSupplier counted = () -> count == 0 || seen.incrementAndGet() <= count;
      Watch watch = writes
          ? watched.watchWrites(fromSlot, writeListener(out, counted, ended, done, count, seen))
          : watched.watchRaw(method, Values.argsFromJson(args),
              valueListener(out, counted, ended, done, count, seen));
      try {
        while (!done.await(1, TimeUnit.SECONDS)) {
          if (!watch.isActive() && ended[0] == null) {
            break;
          }
        }
      } finally {
        watch.cancel();
      }
      if (ended[0] != null) {
        System.err.println("concoord watch: the watch ended: " + ended[0]);
        return 1;
      }
      return 0;
    } catch (ConcoordException e) {
      System.err.println("concoord watch: " + e.getMessage());
      return 1;
    }
  }

  private static WatchListener<byte[]> valueListener(PrintStream out, BooleanSupplier counted,
      String[] ended, CountDownLatch done, int count, AtomicInteger seen) {
    return new WatchListener<>() {
      @Override
      public void onValue(byte[] value, long slot) {
        print(slot + " " + text(value));
      }

      @Override
      public void onCurrent(byte[] value, long slot) {
        print(slot + " current " + text(value));
      }

      @Override
      public void onException(RuntimeException error, long slot) {
        print(slot + " exception " + error.getMessage());
      }

      /** One event's line, if it is still counted; then whether the count is reached. */
      private void print(String line) {
        if (counted.getAsBoolean()) {
          out.println(line);
          out.flush();
          reached(count, seen, done);
        }
      }

      @Override
      public void onEnded(String why) {
        ended[0] = why;
        done.countDown();
      }
    };
  }

  private static WriteListener writeListener(PrintStream out, BooleanSupplier counted,
      String[] ended, CountDownLatch done, int count, AtomicInteger seen) {
    return new WriteListener() {
      @Override
      public void onWrite(WriteRecord record) {
        if (!counted.getAsBoolean()) {
          return;
        }
        out.println("{\"slot\":" + record.slot() + ",\"method\":" + Values.toJson(
            ValueCodec.encode(record.method())) + ",\"args\":" + Values.toJson(record.args())
            + ",\"outcome\":\"" + record.outcome() + "\",\"result\":"
            + (record.result().length == 0 ? "null" : Values.toJson(record.result()))
            + ",\"principal\":" + Values.toJson(ValueCodec.encode(record.principal()))
            + ",\"client\":\"" + Long.toHexString(record.clientId()) + "\"}");
        out.flush();
        reached(count, seen, done);
      }

      @Override
      public void onGap(long slot, String why) {
        if (!counted.getAsBoolean()) {
          return;
        }
        out.println("{\"gap\":" + slot + ",\"why\":" + Values.toJson(ValueCodec.encode(why))
            + "}");
        out.flush();
        reached(count, seen, done);
      }

      @Override
      public void onEnded(String why) {
        ended[0] = why;
        done.countDown();
      }
    };
  }

  /** After an event was printed: with --count N, the N-th ends the command. */
  private static void reached(int count, AtomicInteger seen, CountDownLatch done) {
    if (count > 0 && seen.get() >= count) {
      done.countDown();
    }
  }

  private static String text(byte[] value) {
    String text = Values.resultText(value);
    return text == null ? "null" : text;
  }
}
