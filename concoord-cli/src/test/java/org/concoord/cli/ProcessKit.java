package org.concoord.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.concoord.cli.deploy.LocalNodeStart;

/**
 * Real processes for process-level tests: {@code bin/concoord} and the JDK tools, with bounded
 * waits. Every process started is killed when the kit is closed.
 */
public final class ProcessKit implements AutoCloseable {
  static final Path ROOT = findRoot();
  public static final Path CONCOORD = ROOT.resolve("bin/concoord");

  private final List<Process> started = new ArrayList<>();
  private final Path logs;
  private boolean plaintext;

  /** The commands that take --insecure: the node commands and those that talk to an instance. */
  private static final java.util.Set<String> TAKES_INSECURE =
      java.util.Set.of(
          "initialize",
          "replica",
          "acceptor",
          "nameserver",
          "call",
          "status",
          "bench",
          "objects",
          "watch");

  public ProcessKit(Path logs) {
    this.logs = logs;
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("bin/concoord"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "bin/concoord not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /**
   * Every {@code bin/concoord} command this kit runs gets {@code --insecure}: for a test about
   * something other than security that calls the instance from its own JVM as a plaintext client.
   * (Tests without it run the default: TLS.)
   */
  public ProcessKit plaintext() {
    plaintext = true;
    return this;
  }

  /**
   * The JIT of every JVM a test starts ({@code bin/concoord}'s own, and the nodes that {@code
   * initialize}, {@code start}, {@code restart} and {@code addnode} start): C1 only. These JVMs
   * live for seconds; C2 spent about half of their start-up CPU (a replica's load of a {@code
   * .java} object: 2.8-3.2 s of CPU, 1.5 s with C1 only), and on 2 cores a starting instance's six
   * JVMs wait for each other's compilers. Nothing a test asserts depends on it.
   */
  static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

  /** In the repository root; a plaintext kit's clients (proxies too) find no credentials. */
  private ProcessBuilder builder(String[] command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
    builder
        .environment()
        .merge("CONCOORD_JAVA_OPTS", QUICK_JIT, (given, quick) -> given + " " + quick);
    builder.environment().put(LocalNodeStart.NODE_OPTIONS_VARIABLE, QUICK_JIT);
    if (plaintext) {
      builder.environment().put("CONCOORD_INSECURE", "1");
    }
    return builder;
  }

  private String[] withMode(String[] command) {
    if (!plaintext
        || command.length < 2
        || !command[0].equals(CONCOORD.toString())
        || !TAKES_INSECURE.contains(command[1])) {
      return command;
    }
    List<String> out = new ArrayList<>(List.of(command));
    out.add(2, "--insecure");
    return out.toArray(new String[0]);
  }

  /** Output and exit code of a command that must finish within {@code seconds}. */
  public record Result(int exitCode, String output) {}

  public Result run(int seconds, String... command) throws Exception {
    return run(java.util.Map.of(), seconds, command);
  }

  /** Runs with {@code env} added to the environment (which the nodes it starts inherit). */
  Result run(java.util.Map<String, String> env, int seconds, String... command) throws Exception {
    command = withMode(command);
    ProcessBuilder builder = builder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    started.add(process);
    process.getOutputStream().close();
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> readAll(process, output));
    reader.start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command)
              + " did not finish in "
              + seconds
              + " s; output so far:\n"
              + output);
    }
    reader.join(5000);
    synchronized (output) {
      return new Result(process.exitValue(), output.toString());
    }
  }

  private static void readAll(Process process, StringBuilder output) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (output) {
          output.append(line).append('\n');
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** Starts a long-running command with output to a log file; returns the process. */
  Process start(String name, String... command) throws IOException {
    command = withMode(command);
    Path log = logs.resolve(name + ".log");
    Process process =
        builder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(process);
    return process;
  }

  /** Whether {@code name}'s log holds {@code text} now (false while there is no log). */
  boolean logHas(String name, String text) {
    try {
      return Files.readString(logs.resolve(name + ".log")).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The last {@code lines} lines of every log this kit wrote, each under its name, and whether each
   * process it started is still alive, and the logs in {@code more} (a deployment's directory):
   * what a failed wait appends, so that a failure on a machine whose files are gone (CI) still says
   * what the nodes did.
   */
  String tails(int lines, Path... more) {
    StringBuilder out = new StringBuilder();
    for (Process process : started) {
      out.append("process ")
          .append(process.pid())
          .append(process.isAlive() ? " alive" : " exited " + process.exitValue())
          .append('\n');
    }
    List<Path> dirs = new ArrayList<>(List.of(more));
    dirs.add(0, logs);
    for (Path dir : dirs) {
      out.append(tailsIn(dir, lines));
    }
    return out.toString();
  }

  private static String tailsIn(Path dir, int lines) {
    StringBuilder out = new StringBuilder();
    try (java.util.stream.Stream<Path> logFiles = Files.list(dir)) {
      for (Path log : logFiles.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        out.append("--- ")
            .append(log.getFileName())
            .append(" (last ")
            .append(lines)
            .append(" of ")
            .append(all.size())
            .append(" lines)\n");
        for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
          out.append(line).append('\n');
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      out.append("(logs unreadable: ").append(e).append(")\n");
    }
    return out.toString();
  }

  /** Waits until {@code name}'s log has a line containing {@code text}; returns that line. */
  String awaitLine(String name, String text, int seconds) throws Exception {
    Path log = logs.resolve(name + ".log");
    return Poll.await(
        seconds,
        100,
        () ->
            name
                + " printed no line with '"
                + text
                + "' in "
                + seconds
                + " s:\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"),
        () ->
            !Files.exists(log)
                ? null
                : Files.readAllLines(log).stream()
                    .filter(line -> line.contains(text))
                    .findFirst()
                    .orElse(null));
  }

  @Override
  public void close() {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
