package org.concoord.cli.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.concoord.cli.bench.LoadGenerator;
import org.concoord.cli.bench.MethodMix;
import org.concoord.cli.bench.NamedTargets;
import org.concoord.cli.bench.WatchBench;
import org.concoord.cli.deploy.Deployment;
import org.concoord.cli.deploy.InstanceProbe;
import org.concoord.cli.deploy.ObjectFiles;
import org.concoord.cli.tls.ClientTlsOptions;
import org.concoord.client.ConcoordClient;
import org.concoord.core.value.ValueCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concoord bench}: N concurrent callers, each calling one method synchronously, against a
 * bootstrap (or a local instance it starts and stops), reporting ops/s and latency percentiles. The
 * callers share min(N, connections) clients, as the peers' benchmark does.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Closed-loop benchmark: ops/s and latency percentiles (p50, p99, p99.9, max).")
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "-b",
      description = "Bootstrap of a running instance (default: start a local one).")
  String bootstrap;

  @Option(
      names = "-f",
      description = "Object file for the local instance (default: the bundled Counter).")
  Path file;

  @Option(
      names = "-c",
      description = "Object class for the local instance (default ${DEFAULT-VALUE}).",
      defaultValue = "org.concoord.objects.Counter")
  String className;

  @Option(names = "--replicas", defaultValue = "3", description = "Local instance replicas.")
  int replicas;

  @Option(names = "--acceptors", defaultValue = "3", description = "Local instance acceptors.")
  int acceptors;

  @Option(
      names = "--clients",
      split = ",",
      defaultValue = "1,16,64",
      description = "Concurrent callers, one measurement each (default ${DEFAULT-VALUE}).")
  List<Integer> clients;

  @Option(
      names = "--connections",
      defaultValue = "8",
      description = "Most client connections shared by the callers (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--method",
      defaultValue = "increment",
      description =
          "Method to call (no arguments), or a weighted mix such as get:9,increment:1"
              + " (each caller goes round it in order).")
  String method;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description = "Unrecorded seconds before each window.")
  double warmup;

  @Option(
      names = "--jvm-warmup",
      defaultValue = "15",
      description = "Unrecorded seconds at 16 callers before the first window (JIT).")
  double jvmWarmup;

  @Option(names = "--duration", defaultValue = "10", description = "Measured seconds per window.")
  double duration;

  @Option(
      names = "--objects",
      split = ",",
      defaultValue = "0",
      description =
          "Objects the calls are spread over, one window each: 0 = the default object,"
              + " N = N named objects bench/0..N-1 (created before the windows; each call picks the"
              + " next in its thread's round), e.g. 0,10000 (default ${DEFAULT-VALUE}).")
  List<Integer> objects;

  @Option(
      names = "--watchers",
      split = ",",
      paramLabel = "N",
      description =
          "Watch sweep (issue 21) instead of the client sweep: for each N, N watches of"
              + " get() (100 a client, each client on a random replica) while the first --clients"
              + " callers call add(1); prints the write throughput, its ratio to the first N, and"
              + " the push latency from a write's reply to each watcher's notification. Needs the"
              + " Counter (the default object).")
  List<Integer> watchers;

  @Option(names = "--json", description = "Print one JSON object per window.")
  boolean json;

  @Option(
      names = "--kill-leader-after",
      description =
          "Kill the leader replica (kill -9) this many seconds into each window of the"
              + " local instance, and report the longest time without a completed call.")
  Double killLeaderAfter;

  @Option(
      names = "--dir",
      defaultValue = ".concoord-bench",
      description = "Local instance directory.")
  Path dir;

  @picocli.CommandLine.Mixin ClientTlsOptions tls;

  @Option(
      names = "--read",
      paramLabel = "MODE",
      defaultValue = "linearizable",
      description =
          "Read mode of the calls (as concoord call --read): linearizable, lease,"
              + " sequential or bounded:N.")
  String read;

  @Option(
      names = "--durability",
      defaultValue = "fsync",
      description = "Durability of the local instance: fsync (default) or none.")
  String durability;

  @Override
  public Integer call() throws Exception {
    String target = bootstrap;
    if (target == null) {
      target = startLocal();
    }
    try {
      int clientsMax = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
      List<ConcoordClient> pool = new ArrayList<>();
      for (int i = 0; i < Math.min(clientsMax, connections); i++) {
        pool.add(
            ConcoordClient.connect(
                target,
                tls.options(dir).withReads(org.concoord.core.command.ReadMode.parse(read))));
      }
      byte[] args = ValueCodec.encodeArgs();
      MethodMix mix = MethodMix.parse(method, Math.max(16, clientsMax));
      if (jvmWarmup > 0) {
        LoadGenerator.run(
            16, 0, jvmWarmup, t -> pool.get(t % pool.size()).invokeRaw(mix.next(t), args));
      }
      if (watchers != null) {
        watchSweep(target, pool);
        pool.forEach(ConcoordClient::close);
        return 0;
      }
      for (int spread : objects) {
        NamedTargets targets = new NamedTargets(pool, spread);
        targets.create(mix.first(), args);
        for (int threads : clients) {
          int shared = Math.min(threads, pool.size());
          LoadGenerator.Result result =
              LoadGenerator.run(
                  threads,
                  warmup,
                  duration,
                  t -> targets.next(t, shared).invokeRaw(mix.next(t), args),
                  killLeaderAfter == null ? null : this::killLeaderLater);
          String line = json ? toJson(result, shared) : toLine(result, shared);
          System.out.println(
              objects.size() == 1 && spread == 0
                  ? line
                  : json
                      ? line.replaceFirst("^\\{", "{\"objects\":" + spread + ",")
                      : "objects=" + spread + " " + line);
        }
      }
      pool.forEach(ConcoordClient::close);
      return 0;
    } finally {
      if (bootstrap == null) {
        new CommandLine(new StopCommand()).execute("--dir", dir.toString());
      }
    }
  }

  /** {@code --watchers}: one window per watcher count, ratios against the first. */
  private void watchSweep(String target, List<ConcoordClient> pool) throws Exception {
    double baseline = 0;
    for (int count : watchers) {
      WatchBench.Result r =
          WatchBench.run(target, tls.options(dir), pool, count, clients.get(0), warmup, duration);
      Histogram w = r.writes().latency();
      Histogram p = r.push();
      double ops = r.writes().opsPerSecond();
      baseline = baseline == 0 ? ops : baseline;
      System.out.println(
          String.format(
              Locale.ROOT,
              "watchers=%d clients=%d ops/s=%.0f ratio=%.2f write-p50=%.3fms write-p99=%.3fms"
                  + " push-p50=%.3fms push-p99=%.3fms pushes=%d before-ack=%d errors=%d",
              count,
              r.writes().threads(),
              ops,
              ops / baseline,
              ms(w.getValueAtPercentile(50)),
              ms(w.getValueAtPercentile(99)),
              ms(p.getValueAtPercentile(50)),
              ms(p.getValueAtPercentile(99)),
              p.getTotalCount(),
              r.beforeAck(),
              r.writes().errors()));
    }
  }

  /** Sleeps into the window, then kills the local instance's leader replica with SIGKILL. */
  private void killLeaderLater() {
    try {
      Thread.sleep((long) (killLeaderAfter * 1000));
      for (Deployment.NodeEntry node : Deployment.read(dir).nodes()) {
        var status =
            InstanceProbe.status(org.concoord.core.NodeId.of(node.address()), tls.resolve(dir));
        if (status != null && status.leading()) {
          ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
          System.err.println("killed the leader " + node.address() + " (pid " + node.pid() + ")");
          return;
        }
      }
      System.err.println("no leader found to kill");
    } catch (Exception e) {
      System.err.println("could not kill the leader: " + e);
    }
  }

  private String startLocal() throws Exception {
    // The bundled objects are in concoord's own jar: the default works from any directory.
    Path object = file != null ? file : ObjectFiles.bundled(className, dir);
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    int code;
    try (java.io.PrintStream capture = new java.io.PrintStream(captured, true)) {
      System.setOut(capture);
      code =
          new CommandLine(new InitializeCommand())
              .execute(
                  "-f",
                  object.toString(),
                  "-c",
                  className,
                  "-r",
                  Integer.toString(replicas),
                  "-a",
                  Integer.toString(acceptors),
                  "--dir",
                  dir.toString(),
                  "--durability",
                  durability,
                  tls.insecure() ? "--insecure" : "--no-insecure");
    } finally {
      System.setOut(original);
    }
    String[] lines = captured.toString().trim().split("\n");
    if (code != 0) {
      throw new IllegalStateException("could not start a local instance:\n" + captured);
    }
    return lines[lines.length - 1].trim();
  }

  private String toLine(LoadGenerator.Result r, int shared) {
    Histogram h = r.latency();
    return String.format(
        Locale.ROOT,
        "clients=%d connections=%d ops/s=%.0f p50=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms"
            + " longest-gap=%.1fms errors=%d%s",
        r.threads(),
        shared,
        r.opsPerSecond(),
        ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)),
        ms(h.getMaxValue()),
        ms(r.longestGapNanos()),
        r.errors(),
        r.firstError() == null ? "" : " first-error=" + r.firstError());
  }

  private String toJson(LoadGenerator.Result r, int shared) {
    Histogram h = r.latency();
    return String.format(
        Locale.ROOT,
        "{\"method\":\"%s\",\"clients\":%d,\"connections\":%d,\"seconds\":%.2f,\"ops\":%d,"
            + "\"ops_per_s\":%.1f,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"p999_ms\":%.4f,\"max_ms\":%.4f,"
            + "\"longest_gap_ms\":%.1f,\"errors\":%d}",
        method,
        r.threads(),
        shared,
        r.seconds(),
        r.ops(),
        r.opsPerSecond(),
        ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)),
        ms(h.getMaxValue()),
        ms(r.longestGapNanos()),
        r.errors());
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
