package org.concoord.cli.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One host of a deployment over SSH, and each step done on it: check its Java, make the
 * deployment's directory, copy files there, start a node in the background, look at its nodes, stop
 * them, remove the directory. Each step's failure is a {@link DeployException} naming the host and
 * the step. Nodes run with {@code nohup}, their output in a log file in the directory; a pid is
 * only ever signalled if its command line names the directory (a pid reused by another program
 * after a reboot is left alone).
 */
public final class RemoteHost implements AutoCloseable {
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  static final int JAVA_FEATURE_MIN = 17;
  static final String JAR = "concoord.jar";
  private static final Pattern JAVA_VERSION = Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?");

  /** What one look at a node found: whether it runs, and its start line (null before it). */
  record Probe(boolean alive, String startLine) {}

  private final SshSession ssh;
  private final String java;
  private String dir;

  private RemoteHost(SshSession ssh, String java, String dir) {
    this.ssh = ssh;
    this.java = java;
    this.dir = dir;
  }

  /** Step connect. {@code dir}: the host's deployment directory, if known already (else null). */
  public static RemoteHost connect(
      HostsFile.Host host, SshSettings settings, String dir, List<String> learned)
      throws DeployException {
    return new RemoteHost(SshSession.open(host, settings, learned), settings.javaFor(host), dir);
  }

  String label() {
    return ssh.host().label();
  }

  HostsFile.Host host() {
    return ssh.host();
  }

  /** The host's deployment directory (absolute), once made. */
  String dir() {
    return dir;
  }

  /** Step check-java: the Java command exists on the host and is Java 17 or later. */
  String checkJava() throws DeployException {
    SshSession.Result found = run("check-java", "command -v " + ShellWords.quote(java));
    if (!found.ok()) {
      throw new DeployException(
          label(),
          "check-java",
          "no Java on the host: '"
              + java
              + "' is not a command there (install Java "
              + JAVA_FEATURE_MIN
              + "+, or name it with"
              + " --java PATH or java=PATH in the hosts file)");
    }
    SshSession.Result version = run("check-java", ShellWords.quote(java) + " -version 2>&1");
    Matcher m = JAVA_VERSION.matcher(version.stdout());
    if (!version.ok() || !m.find()) {
      throw new DeployException(
          label(), "check-java", "'" + java + " -version' failed: " + version.why());
    }
    int feature = Integer.parseInt(m.group(1));
    if (feature == 1 && m.group(2) != null) {
      feature = Integer.parseInt(m.group(2)); // 1.8 is Java 8
    }
    if (feature < JAVA_FEATURE_MIN) {
      throw new DeployException(
          label(),
          "check-java",
          "'"
              + java
              + "' is Java "
              + feature
              + "; ConCoord needs "
              + JAVA_FEATURE_MIN
              + " or later");
    }
    return found.stdout().strip() + " (Java " + feature + ")";
  }

  /**
   * Step mkdir: makes {@code path} (relative to the user's home, or absolute), which must not exist
   * yet (what a rollback removes is then only ever this deployment's), and keeps it.
   */
  String makeNewDir(String path) throws DeployException {
    String quoted = ShellWords.quote(path);
    SshSession.Result made =
        run(
            "mkdir",
            "if [ -e "
                + quoted
                + " ]; then echo \""
                + path
                + " exists already\" >&2; exit 1; fi\numask 077\nmkdir -p "
                + quoted
                + " && cd "
                + quoted
                + " && pwd");
    if (!made.ok()) {
      throw new DeployException(label(), "mkdir", "cannot make " + path + ": " + made.why());
    }
    dir = made.stdout().strip();
    return dir;
  }

  /**
   * Step copy: {@code local} into the deployment directory as {@code name}. Written beside it and
   * renamed over it: a node already running from the old file keeps reading the old one.
   */
  void copy(Path local, String name) throws DeployException {
    String target = dir + "/" + name;
    try {
      ssh.upload(local, target + ".part");
    } catch (IOException e) {
      throw new DeployException(label(), "copy", e.getMessage(), e);
    }
    SshSession.Result moved =
        run("copy", "mv -f " + ShellWords.quote(target + ".part") + " " + ShellWords.quote(target));
    if (!moved.ok()) {
      throw new DeployException(
          label(), "copy", "cannot rename " + target + ".part: " + moved.why());
    }
  }

  /**
   * Whether the deployment directory holds {@code name} with the same bytes as {@code local} (by
   * SHA-256; false if the host cannot say), so that an unchanged file is not sent again.
   */
  boolean holds(Path local, String name) throws DeployException {
    String digest;
    try (InputStream in = Files.newInputStream(local)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      digest = HexFormat.of().formatHex(sha.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      return false;
    }
    SshSession.Result there =
        run("copy", "sha256sum " + ShellWords.quote(dir + "/" + name) + " 2>/dev/null");
    return there.ok() && there.stdout().strip().startsWith(digest + " ");
  }

  /**
   * Step tls: a node's certificate, key and the CA bundle into {@code DIR/tls/} (made 0700 before
   * anything is copied into it, the key then 0600), as {@code STEM.pem}, {@code STEM.key} and
   * {@code ca.pem}.
   */
  void installTls(Path certificate, Path key, Path ca, String stem) throws DeployException {
    String tls = dir + "/" + RemoteTls.DIR;
    SshSession.Result made =
        run(
            "tls",
            "umask 077 && mkdir -p "
                + ShellWords.quote(tls)
                + " && chmod 700 "
                + ShellWords.quote(tls));
    if (!made.ok()) {
      throw new DeployException(label(), "tls", "cannot make " + tls + ": " + made.why());
    }
    copy(key, RemoteTls.DIR + "/" + stem + ".key");
    SshSession.Result locked =
        run("tls", "chmod 600 " + ShellWords.quote(tls + "/" + stem + ".key"));
    if (!locked.ok()) {
      throw new DeployException(label(), "tls", "cannot chmod the key: " + locked.why());
    }
    copy(certificate, RemoteTls.DIR + "/" + stem + ".pem");
    copy(ca, RemoteTls.DIR + "/" + org.concoord.client.tls.TlsCredentials.CA_FILE);
  }

  /** Removes one file of the deployment directory (a failed node's log); true if it was there. */
  boolean removeFile(String name, String step) throws DeployException {
    String path = dir + "/" + name;
    return run(step, "rm " + ShellWords.quote(path) + " 2>/dev/null").ok();
  }

  /**
   * Step start: runs {@code java -cp DIR/concoord.jar org.concoord.cli.Main ARGS} in the background
   * in the deployment directory, output to {@code DIR/LOG}; returns its pid.
   */
  long start(String log, String heap, List<String> args) throws DeployException {
    return start(log, LocalNodeStart.heapOptions(heap), args);
  }

  /** {@link #start(String, String, List)} in a JVM started with {@code jvm} (its options). */
  long start(String log, List<String> jvm, List<String> args) throws DeployException {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvm);
    command.addAll(LocalNodeStart.environmentOptions()); // this machine's, unrecorded
    command.addAll(List.of("-cp", dir + "/" + JAR, OwnJar.MAIN_CLASS));
    command.addAll(args);
    // The node writes and rotates its log itself; its standard output is appended to the same
    // file (>>: both append, so lines interleave whole).
    command.addAll(List.of("--log-file", log));
    // Only the node runs in the background, every stream redirected: the command (and the SSH
    // channel) ends at once, and $! is the node's own pid.
    // umask 077: the log and the node's data directory are its owner's alone (review F8).
    String script =
        "cd "
            + ShellWords.quote(dir)
            + " || exit 1\numask 077\nnohup "
            + ShellWords.join(command)
            + " >> "
            + ShellWords.quote(log)
            + " 2>&1 < /dev/null &\necho $!";
    SshSession.Result started = run("start", script);
    try {
      if (started.ok()) {
        return Long.parseLong(started.stdout().strip());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DeployException(
        label(), "start", "could not start '" + String.join(" ", args) + "': " + started.why());
  }

  /** One look at each pid: whether it runs and the node's start line in its log. */
  Map<Long, Probe> probe(Map<Long, String> logByPid, String step) throws DeployException {
    StringBuilder script =
        new StringBuilder(aliveFunction())
            .append("cd ")
            .append(ShellWords.quote(dir))
            .append(" || exit 1\n");
    for (Map.Entry<Long, String> node : logByPid.entrySet()) {
      long pid = node.getKey();
      script
          .append("if alive ")
          .append(pid)
          .append("; then s=alive; else s=dead; fi; echo \"@")
          .append(pid)
          .append(" $s $(grep -m1 -E '^concoord (replica|acceptor|nameserver) ' ")
          .append(ShellWords.quote(node.getValue()))
          .append(" 2>/dev/null | head -c 1000)\"\n");
    }
    SshSession.Result result = run(step, script.toString());
    if (!result.ok()) {
      throw new DeployException(label(), step, "cannot look at the nodes: " + result.why());
    }
    Map<Long, Probe> probes = new HashMap<>();
    for (String line : result.stdout().split("\n")) {
      String[] words = line.split(" ", 3);
      if (words.length >= 2 && words[0].startsWith("@")) {
        String start = words.length == 3 && !words[2].isBlank() ? words[2].strip() : null;
        probes.put(
            Long.parseLong(words[0].substring(1)), new Probe(words[1].equals("alive"), start));
      }
    }
    return probes;
  }

  /** The last lines of a node's log, for an error message. */
  String tail(String log) {
    try {
      SshSession.Result tail =
          ssh.exec("tail -n 15 " + ShellWords.quote(dir + "/" + log), COMMAND_TIMEOUT);
      return tail.ok() ? tail.stdout().strip() : "(no log: " + tail.why() + ")";
    } catch (IOException e) {
      return "(cannot read the log: " + e.getMessage() + ")";
    }
  }

  /**
   * Stops this deployment's processes on the host: every process whose class path is this
   * deployment's jar, whether among the {@code pids} given or not (a node started by a command that
   * failed before it reported its pid). SIGTERM, then SIGKILL for those still running after {@code
   * graceSeconds} (at once if 0). Returns the pids that were running.
   */
  public List<Long> stop(Collection<Long> pids, int graceSeconds, String step)
      throws DeployException {
    return stop(pids, graceSeconds, step, true);
  }

  /**
   * {@link #stop(Collection, int, String)}; with {@code sweep} false, only the {@code pids} given
   * (the other nodes of the deployment on this host are left running).
   */
  List<Long> stop(Collection<Long> pids, int graceSeconds, String step, boolean sweep)
      throws DeployException {
    if (dir == null) {
      return List.of();
    }
    // A quote between the directory and the jar's name: this script's own command line (and its
    // subshells') never holds the pattern in one piece, so it never matches itself.
    String jar = "'" + dir.replace("'", "'\\''") + "'/" + JAR;
    StringBuilder script = new StringBuilder(aliveFunction());
    script.append("ours=\"\"\nfor p in");
    pids.forEach(pid -> script.append(' ').append(pid));
    if (sweep) {
      script.append(" $(ls /proc 2>/dev/null | grep -E '^[0-9]+$' || ps -e -o pid=)");
    }
    script
        .append("; do\n")
        .append("  case \" $ours \" in *\" $p \"*) continue;; esac\n")
        .append("  a=$(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null || ps -ww -o args= -p $p")
        .append(" 2>/dev/null)\n  case \"$a\" in *")
        .append(jar)
        .append("*) alive $p && ours=\"$ours $p\";; esac\n")
        .append("done\necho \"ours:$ours\"\n[ -z \"$ours\" ] && exit 0\n");
    if (graceSeconds > 0) {
      script
          .append("kill -TERM $ours 2>/dev/null\ni=0\nwhile [ $i -lt ")
          .append(graceSeconds * 10)
          .append(" ]; do\n  left=\"\"; for p in $ours; do alive $p && left=\"$left $p\"; done\n")
          .append("  [ -z \"$left\" ] && exit 0\n  sleep 0.1; i=$((i+1))\ndone\n")
          .append("kill -KILL $left 2>/dev/null\n");
    } else {
      script.append("kill -KILL $ours 2>/dev/null\n");
    }
    script.append("exit 0\n");
    SshSession.Result result = run(step, script.toString());
    List<Long> running = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      if (line.startsWith("ours:")) {
        for (String pid : line.substring("ours:".length()).trim().split("\\s+")) {
          if (!pid.isEmpty()) {
            running.add(Long.parseLong(pid));
          }
        }
      }
    }
    return running;
  }

  /** Removes the deployment directory and everything in it; true if it existed. */
  boolean removeDir(String step) throws DeployException {
    if (dir == null || !dir.startsWith("/") || dir.chars().filter(c -> c == '/').count() < 2) {
      return false; // never made, or too close to the root to be ours
    }
    SshSession.Result removed =
        run(
            step,
            "if [ -d "
                + ShellWords.quote(dir)
                + " ]; then rm -rf "
                + ShellWords.quote(dir)
                + " && echo removed; fi");
    if (!removed.ok()) {
      throw new DeployException(label(), step, "cannot remove " + dir + ": " + removed.why());
    }
    return removed.stdout().contains("removed");
  }

  /**
   * A shell function: whether a pid runs and is not a zombie (a killed node whose parent, after its
   * SSH session ended, is an init that has not reaped it yet).
   */
  private static String aliveFunction() {
    return "alive() { if [ -r /proc/$1/stat ]; then st=$(sed 's/.*) //' /proc/$1/stat"
        + " 2>/dev/null | cut -c1); [ -n \"$st\" ] && [ \"$st\" != Z ]; else kill -0 $1"
        + " 2>/dev/null; fi; }\n";
  }

  private SshSession.Result run(String step, String command) throws DeployException {
    try {
      return ssh.exec(command, COMMAND_TIMEOUT);
    } catch (IOException e) {
      throw new DeployException(label(), step, e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ssh.close();
  }
}
