package org.concoord.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.concoord.cli.FailuresIT;
import org.concoord.cli.Poll;
import org.concoord.cli.ProcessKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * SshDeployIT's three hosts: one sshd for the class (SshdKit) on 127.0.0.2, 127.0.0.3 and
 * 127.0.0.4, the command line of initialize over SSH into them, and the checks that a run left
 * nothing running and nothing copied there. Not thread-safe.
 */
abstract class ThreeSshHosts {
  static final List<String> HOSTS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
  @TempDir static Path shared;
  static SshdKit sshd;
  @TempDir Path work;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = SshdKit.start(shared.resolve("sshd"), HOSTS);
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  /**
   * The command line of initialize over SSH into {@code work}, with {@code more} at its end (a
   * --ssh-key or --known-hosts there replaces the kit's).
   */
  List<String> initialize(Path hosts, String... more) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessKit.CONCOORD.toString(),
                "initialize",
                "-f",
                FailuresIT.COUNTER,
                "-c",
                "Counter",
                "-r",
                "3",
                "-a",
                "3",
                "-n",
                "1",
                "-s",
                "counterdomain",
                "--hosts",
                hosts.toString(),
                "--ssh-port",
                Integer.toString(sshd.port),
                "--remote-dir",
                remoteDir().toString(),
                "--dir",
                work.resolve("deployment").toString()));
    List<String> given = List.of(more);
    if (!given.contains("--ssh-key")) {
      command.addAll(List.of("--ssh-key", sshd.userKey.toString()));
    }
    if (!given.contains("--known-hosts")) {
      command.addAll(List.of("--known-hosts", sshd.knownHosts.toString()));
    }
    command.addAll(given);
    return command;
  }

  Path remoteDir() {
    return work.resolve("remote");
  }

  Path hostsFile(String... lines) throws Exception {
    return Files.write(work.resolve("hosts"), List.of(lines));
  }

  /** Runs a command that must fail (exit code not 0); returns its output. */
  String failsWith(List<String> command) throws Exception {
    try (ProcessKit kit =
        new ProcessKit(Files.createDirectories(work.resolve("logs"))).plaintext()) {
      ProcessKit.Result result = kit.run(240, command.toArray(String[]::new));
      assertNotEquals(0, result.exitCode(), result.output());
      return result.output();
    }
  }

  void assertNothingCopiedOrRunning() throws Exception {
    assertNothingRunsFrom(remoteDir());
    if (Files.exists(remoteDir())) {
      try (Stream<Path> left = Files.list(remoteDir())) {
        assertEquals(List.of(), left.toList(), "nothing left in " + remoteDir());
      }
    }
  }

  /**
   * The node's process is gone: killed with SIGKILL, it may take a moment to die and, its parent
   * being init once its SSH session ended, to be reaped.
   */
  static void assertGone(Deployment.NodeEntry node) throws Exception {
    // A killed node nobody reaps stays a zombie, which ProcessHandle counts as alive.
    Poll.await(15, 100, () -> node + " still runs", () -> !ProcessState.isRunning(node.pid()));
  }

  /** No process on this machine runs from {@code dir} (every "host" is this machine). */
  static void assertNothingRunsFrom(Path dir) throws Exception {
    List<?>[] running = new List<?>[1];
    // a killed process may take a moment to go
    Poll.await(
        15,
        100,
        () -> "still running from " + dir + ": " + running[0],
        () -> {
          running[0] =
              ProcessHandle.allProcesses()
                  .filter(p -> ProcessState.isRunning(p.pid()))
                  .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                  .filter(line -> line.contains(dir + "/"))
                  .toList();
          return running[0].isEmpty();
        });
  }
}
