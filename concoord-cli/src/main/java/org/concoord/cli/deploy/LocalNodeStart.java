package org.concoord.cli.deploy;

import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import org.concoord.runtime.PrivateFiles;

/**
 * Starts a recorded node of a local deployment again (for {@code start} and {@code restart}): the
 * ConCoord jar of this command (so a restart runs a newly built version), the node's recorded
 * arguments (same address, data directory, certificates, admin port) and its JVM options; its
 * output is appended to its log.
 */
public final class LocalNodeStart {
  /** The heap of a node whose JVM options were not recorded (deployments before they were). */
  public static final String DEFAULT_HEAP = "128m";

  /**
   * The heap {@code initialize} and {@code addnode} give a node by default: a 16 MiB value in
   * flight (its frames, decoded copy and retained slot), an object state up to its quota (an eighth
   * of the heap) and that state's snapshot while it is taken do not fit together in 128 MiB
   * (docs/operations.md, "Heap budget of one large value"); they do in 256 MiB.
   */
  public static final String NODE_HEAP = "256m";

  private LocalNodeStart() {}

  /**
   * The variable whose JVM options (separated by spaces) are added after the recorded ones to every
   * node JVM that {@code initialize}, {@code addnode}, {@code start} and {@code restart} start, on
   * this machine or on a host over SSH, without being recorded: for a development or test machine
   * (the process-level tests give {@code -XX:TieredStopAtLevel=1}: a node that lives for seconds
   * spends less CPU on compiling itself), not for a deployment's settings, which {@code --heap} and
   * {@code restart --jvm-option} record.
   */
  public static final String NODE_OPTIONS_VARIABLE = "CONCOORD_NODE_JAVA_OPTS";

  /** The options of {@link #NODE_OPTIONS_VARIABLE}; none if it is unset or blank. */
  public static List<String> environmentOptions() {
    String value = System.getenv(NODE_OPTIONS_VARIABLE);
    return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  /** The JVM options of a node started with heap {@code heap}. */
  public static List<String> heapOptions(String heap) {
    return List.of("-Xmx" + heap);
  }

  /**
   * The JVM options to start {@code node} with: {@code jvmOptions} if given, else its recorded
   * ones; {@code heap}, if given, replaces any {@code -Xmx} among them.
   */
  public static List<String> options(
      Deployment.NodeEntry node, String heap, List<String> jvmOptions) {
    List<String> options =
        new ArrayList<>(
            jvmOptions != null && !jvmOptions.isEmpty()
                ? jvmOptions
                : node.jvm() != null ? node.jvm() : heapOptions(DEFAULT_HEAP));
    if (heap != null) {
      options.removeIf(o -> o.startsWith("-Xmx"));
      options.add(0, "-Xmx" + heap);
    }
    return List.copyOf(options);
  }

  /** Launches {@code node} with {@code jvm}; says so first if its object stopped it last time. */
  public static Process launch(Deployment deployment, Deployment.NodeEntry node, List<String> jvm)
      throws Exception {
    String stopped = deployment.stopRecord(node.address());
    if (stopped != null) {
      // Starting it replays the same decided call: say so rather than crash-loop in silence.
      System.err.println(
          "concoord: "
              + node.role()
              + " "
              + node.address()
              + " stopped by its object last time: "
              + stopped.replace("\n", "; ")
              + ". It will stop again at that slot unless the object is fixed.");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvm);
    command.addAll(environmentOptions());
    command.addAll(List.of("-cp", OwnJar.path().toString(), OwnJar.MAIN_CLASS, node.role()));
    command.addAll(node.args());
    PrivateFiles.restrict(node.log());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(node.log().toFile()))
        .redirectInput(Redirect.from(new java.io.File("/dev/null")))
        .start();
  }
}
