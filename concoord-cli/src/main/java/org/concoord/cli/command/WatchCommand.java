package org.concoord.cli.command;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@code concoord watch [-o NAME] METHOD [ARGS...]}: prints the value of a read-only method now and
 * each time it changes, one line each, {@code SLOT VALUE} (JSON); {@code --writes} prints the
 * object's executed write calls instead (admin role).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Watches a read-only method of the replicated object: prints its value now and"
            + " every new value, one line each: the slot it was computed at, a space, the value as"
            + " JSON ('current' before a value after a resume that may have missed changes). With"
            + " --writes, prints the object's executed write calls instead (admin role), one JSON"
            + " line each. Runs until interrupted, --count events or the watch ends.")
public final class WatchCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin InstanceTarget instance;

  @Option(
      names = "-o",
      paramLabel = "NAME",
      description = "The named object to watch; without it, the instance's default object.")
  String object;

  @Option(
      names = "--writes",
      description =
          "Print the object's executed write calls (method, arguments, outcome,"
              + " result, principal, slot) instead of a value: audit and change data capture.")
  boolean writes;

  @Option(
      names = "--from",
      paramLabel = "SLOT",
      defaultValue = "0",
      description = "With --writes: the calls after this slot (default 0: all retained).")
  long fromSlot;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "0",
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
    Printer printer = new Printer(System.out, count);
    try (ConcoordClient client = instance.connect()) {
      ConcoordClient watched = object == null ? client : client.object(object, "");
      Watch watch =
          writes
              ? watched.watchWrites(fromSlot, writeListener(printer))
              : watched.watchRaw(method, Values.argsFromJson(args), valueListener(printer));
      try {
        while (!printer.done.await(1, TimeUnit.SECONDS)) {
          if (!watch.isActive() && printer.ended == null) {
            break;
          }
        }
      } finally {
        watch.cancel();
      }
      if (printer.ended != null) {
        System.err.println("concoord watch: the watch ended: " + printer.ended);
        return 1;
      }
      return 0;
    } catch (ConcoordException e) {
      System.err.println("concoord watch: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Prints a watch's events, one line each, while they are counted (with --count N, the first N
   * only: a write stream's replay arrives at once, before the main thread can stop it); the N-th,
   * or the watch's end, releases the main thread.
   */
  private static final class Printer {
    private final PrintStream out;
    private final int count;
    private final AtomicInteger seen = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile String ended;

    Printer(PrintStream out, int count) {
      this.out = out;
      this.count = count;
    }

    void print(String line) {
      if (count == 0 || seen.incrementAndGet() <= count) {
        out.println(line);
        out.flush();
        if (count > 0 && seen.get() >= count) {
          done.countDown();
        }
      }
    }

    void ended(String why) {
      ended = why;
      done.countDown();
    }
  }

  private static WatchListener<byte[]> valueListener(Printer printer) {
    return new WatchListener<>() {
      @Override
      public void onValue(byte[] value, long slot) {
        printer.print(slot + " " + text(value));
      }

      @Override
      public void onCurrent(byte[] value, long slot) {
        printer.print(slot + " current " + text(value));
      }

      @Override
      public void onException(RuntimeException error, long slot) {
        printer.print(slot + " exception " + error.getMessage());
      }

      @Override
      public void onEnded(String why) {
        printer.ended(why);
      }
    };
  }

  private static WriteListener writeListener(Printer printer) {
    return new WriteListener() {
      @Override
      public void onWrite(WriteRecord record) {
        printer.print(
            "{\"slot\":"
                + record.slot()
                + ",\"method\":"
                + Values.toJson(ValueCodec.encode(record.method()))
                + ",\"args\":"
                + Values.toJson(record.args())
                + ",\"outcome\":\""
                + record.outcome()
                + "\",\"result\":"
                + (record.result().length == 0 ? "null" : Values.toJson(record.result()))
                + ",\"principal\":"
                + Values.toJson(ValueCodec.encode(record.principal()))
                + ",\"client\":\""
                + Long.toHexString(record.clientId())
                + "\"}");
      }

      @Override
      public void onGap(long slot, String why) {
        printer.print(
            "{\"gap\":" + slot + ",\"why\":" + Values.toJson(ValueCodec.encode(why)) + "}");
      }

      @Override
      public void onEnded(String why) {
        printer.ended(why);
      }
    };
  }

  private static String text(byte[] value) {
    String text = Values.resultText(value);
    return text == null ? "null" : text;
  }
}
