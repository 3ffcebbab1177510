package org.concoord.simulator;

import java.util.List;

/**
 * One operation a simulated client issued, as the checkers see it: which client, the object, the
 * method and argument, when it was invoked and completed (in ticks), and the output. Not completed
 * means it may or may not have taken effect.
 */
final class ClientOp {
  final int client;

  /** The named object called, "" for the default object. */
  final String object;

  final String method;
  final long argument;
  final long invokeTicks;
  long completeTicks = Long.MAX_VALUE;
  List<Long> output;

  /** How the call was asked to be answered if it reads (issue 20). */
  org.concoord.core.command.ReadMode mode = org.concoord.core.command.ReadMode.LINEARIZABLE;

  /** The slot its reply reflected (0 if it said none). */
  long slot;

  ClientOp(int client, String method, long argument, long invokeTicks) {
    this(client, "", method, argument, invokeTicks);
  }

  ClientOp(int client, String object, String method, long argument, long invokeTicks) {
    this.client = client;
    this.object = object;
    this.method = method;
    this.argument = argument;
    this.invokeTicks = invokeTicks;
  }

  boolean isCompleted() {
    return output != null;
  }
}
