package org.concoord.cli.hosting;

import java.io.PrintStream;
import java.util.List;
import org.concoord.codegen.LoadedObject;
import org.concoord.codegen.ObjectCheck;
import org.concoord.codegen.safety.Finding;

/**
 * The check a replica runs on the object it loads, before anything starts: the same {@link
 * ObjectCheck} as {@code concoord object -s}, so an object refused there is refused here, with the
 * same findings. {@code --unchecked} hosts it anyway, said loudly in the log, since replicas may
 * then diverge or stall.
 */
public final class LoadCheck {
  /** The exit code of a replica refusing its object. */
  public static final int EXIT_REFUSED = 1;

  private LoadCheck() {}

  /** Whether the replica may host {@code loaded}; prints the findings to {@code log}. */
  public static boolean passes(LoadedObject loaded, boolean unchecked, PrintStream log) {
    List<Finding> findings = ObjectCheck.check(loaded);
    if (findings.isEmpty()) {
      return true;
    }
    String name = loaded.objectClass().getSimpleName();
    if (unchecked) {
      log.println(
          "WARNING: --unchecked: hosting "
              + name
              + " although it fails the object check"
              + " ("
              + findings.size()
              + (findings.size() == 1 ? " finding" : " findings")
              + "):"
              + " replicas may diverge or stall");
    } else {
      log.println(
          "concoord replica: "
              + name
              + " fails the object check, so no replica hosts it"
              + " (the same check as 'concoord object -s'; --unchecked overrides):");
    }
    for (Finding finding : findings) {
      log.println("  " + finding);
    }
    log.flush();
    return unchecked;
  }
}
