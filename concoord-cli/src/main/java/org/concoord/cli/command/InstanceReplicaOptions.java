package org.concoord.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The replica options an instance gives every replica alike ({@code initialize}'s, passed on to
 * each replica it starts, locally or over SSH): replicas that disagree on them would decide
 * differently (a missing name created by one and refused by another) or treat members differently.
 * {@code addnode} copies them from a replica recorded in the deployment, so an added replica runs
 * with the same.
 */
final class InstanceReplicaOptions {
  /** The options of {@code concoord replica} that must be the same on every replica. */
  static final Set<String> SHARED =
      Set.of(
          "--remove-after",
          "--retain-slots",
          "--state-max",
          "--explicit-create",
          "--objects-max",
          "--no-read-lease");

  /** The shared options that take no value. */
  private static final Set<String> FLAGS = Set.of("--explicit-create", "--no-read-lease");

  @Option(
      names = "--remove-after",
      paramLabel = "SECONDS",
      description = "Passed to each replica: silence after which the leader removes a member.")
  String removeAfter;

  @Option(
      names = "--retain-slots",
      paramLabel = "SLOTS",
      description = "Passed to each replica: executed slots kept for catch-up.")
  String retainSlots;

  @Option(
      names = "--state-max",
      paramLabel = "BYTES",
      description =
          "Passed to each replica: the objects' state quota (default: an eighth" + " of the heap).")
  String stateMax;

  @Option(
      names = "--explicit-create",
      description =
          "Passed to each replica: named objects are created only explicitly"
              + " (concoord objects create), and a call to a missing name is an error (default: a"
              + " call creates its object on first use).")
  boolean explicitCreate;

  @Option(
      names = "--objects-max",
      paramLabel = "N",
      description =
          "Passed to each replica: most named objects (deleted names remembered count" + " too).")
  String objectsMax;

  @Option(
      names = "--no-read-lease",
      description =
          "Passed to each replica: hold no read lease (a LEASE read takes a round; a"
              + " replica without the lease does not wait out another's, so all or none).")
  boolean noReadLease;

  /** These options as arguments of {@code concoord replica}. */
  List<String> arguments() {
    List<String> args = new ArrayList<>();
    add(args, "--remove-after", removeAfter);
    add(args, "--retain-slots", retainSlots);
    add(args, "--state-max", stateMax);
    if (explicitCreate) {
      args.add("--explicit-create");
    }
    add(args, "--objects-max", objectsMax);
    if (noReadLease) {
      args.add("--no-read-lease");
    }
    return args;
  }

  /**
   * The shared options among a replica's recorded arguments {@code args} (null or none: an empty
   * list), in their order: what a replica added to the instance must be given too.
   */
  static List<String> sharedIn(List<String> args) {
    List<String> shared = new ArrayList<>();
    if (args == null) {
      return shared;
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!SHARED.contains(arg)) {
        continue;
      }
      shared.add(arg);
      if (!FLAGS.contains(arg) && i + 1 < args.size()) {
        shared.add(args.get(++i));
      }
    }
    return shared;
  }

  private static void add(List<String> args, String name, String value) {
    if (value != null) {
      args.addAll(List.of(name, value));
    }
  }
}
