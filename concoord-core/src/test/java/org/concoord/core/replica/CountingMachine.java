package org.concoord.core.replica;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.Release;
import org.concoord.core.host.Response;
import org.concoord.core.host.StateMachine;
import org.concoord.core.message.Outcome;

/**
 * A trivial replicated object that records every call it executes. Methods: {@code boom} answers
 * EXCEPTION; {@code park} parks the caller; {@code release} completes every parked call; {@code
 * echo} answers its argument bytes; anything else counts and answers OK with the count so far.
 */
final class CountingMachine implements StateMachine {
  /** "method client#seq@stamp" per executed call, in execution order. */
  final List<String> executed = new ArrayList<>();

  private final List<CallContext> parked = new ArrayList<>();
  private final boolean snapshots;
  private int count;

  CountingMachine() {
    this(false);
  }

  /** With {@code snapshots}, its state (the count) can be snapshotted and restored. */
  CountingMachine(boolean snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public byte[] snapshot() {
    if (!snapshots) {
      throw new UnsupportedOperationException("no snapshots");
    }
    return Integer.toString(count).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void restore(byte[] snapshot) {
    if (!snapshots) {
      throw new UnsupportedOperationException("no snapshots");
    }
    count = Integer.parseInt(new String(snapshot, StandardCharsets.UTF_8));
  }

  /** Changes the state behind the log's back: this replica now differs from the others. */
  void corrupt() {
    count += 1000;
  }

  int count() {
    return count;
  }

  @Override
  public Execution execute(CallContext context, Call call) {
    executed.add(call.method() + " " + context.clientId() + "#" + context.seq());
    switch (call.method()) {
      case "sized" -> { // answers as many bytes as its argument says (decimal text)
        count++;
        int size =
            Integer.parseInt(new String(call.args(), java.nio.charset.StandardCharsets.UTF_8));
        return Execution.done(new Response(Outcome.OK, new byte[size]));
      }
      case "echo" -> {
        count++;
        return Execution.done(new Response(Outcome.OK, call.args().clone()));
      }
      case "boom" -> {
        return Execution.done(new Response(Outcome.EXCEPTION, bytes("boom")));
      }
      case "park" -> {
        parked.add(context);
        return new Execution(null, List.of());
      }
      case "release" -> {
        List<Release> releases = new ArrayList<>();
        for (CallContext waiting : parked) {
          releases.add(new Release(waiting.clientId(), waiting.seq(), ok("released")));
        }
        parked.clear();
        return new Execution(ok("released " + releases.size()), releases);
      }
      default -> {
        count++;
        return Execution.done(ok(Integer.toString(count)));
      }
    }
  }

  int calls() {
    return executed.size();
  }

  static Response ok(String text) {
    return new Response(Outcome.OK, bytes(text));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
