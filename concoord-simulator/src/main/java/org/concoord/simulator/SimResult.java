package org.concoord.simulator;

import java.util.Map;

/**
 * The outcome of one seed: what ran, what broke, and the verdict. {@code failure} is null when
 * every check passed.
 */
public record SimResult(
    long seed,
    SimParameters parameters,
    int opsCompleted,
    int opsIndeterminate,
    int crashes,
    int partitions,
    int viewChanges,
    long slotsChosen,
    long traceHash,
    Map<String, Long> marks,
    String failure) {

  public boolean passed() {
    return failure == null;
  }

  /** The one-line summary printed per seed. */
  public String summary() {
    return String.format(
        "seed %d %s ops=%d indeterminate=%d crashes=%d partitions=%d view-changes=%d slots=%d"
            + " trace=%016x %s",
        seed,
        parameters.topology() + parameters.faults().describe(),
        opsCompleted,
        opsIndeterminate,
        crashes,
        partitions,
        viewChanges,
        slotsChosen,
        traceHash,
        passed() ? "PASS" : "FAIL: " + failure);
  }
}
