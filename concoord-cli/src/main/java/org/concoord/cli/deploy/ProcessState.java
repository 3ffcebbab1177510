package org.concoord.cli.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a recorded node process still runs. A killed node whose parent never reaps it (the
 * deployment's processes outlive {@code initialize}, and in a container nothing may reap them)
 * stays a zombie, which {@link ProcessHandle#isAlive} counts as alive; Linux's {@code /proc} says
 * otherwise.
 */
public final class ProcessState {
  private ProcessState() {}

  public static boolean isRunning(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String text = Files.readString(stat);
      // Format: "pid (command) state ...": the command may hold spaces and parentheses.
      int end = text.lastIndexOf(')');
      return end < 0 || end + 2 >= text.length() || text.charAt(end + 2) != 'Z';
    } catch (IOException | RuntimeException noProc) {
      return true; // no /proc here: trust the handle
    }
  }
}
