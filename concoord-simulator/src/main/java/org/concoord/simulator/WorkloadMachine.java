package org.concoord.simulator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.Response;
import org.concoord.core.host.StateMachine;
import org.concoord.core.message.Outcome;

/**
 * The simulator's replicated object, two independent parts checked by two checkers: a counter
 * ({@code add(delta)} returns the new value, {@code get()}) for the Wing-Gong-Lowe checker and an
 * append-only list ({@code append(v)} and {@code read()} return the list) for the linear-time list
 * check. Arguments and results are big-endian longs.
 */
final class WorkloadMachine implements StateMachine {
  private long counter;
  private final List<Long> list = new ArrayList<>();

  @Override
  public Execution execute(CallContext context, Call call) {
    ByteBuffer args = ByteBuffer.wrap(call.args());
    return switch (call.method()) {
      case "add" -> {
        counter += args.getLong();
        yield ok(encode(List.of(counter)));
      }
      case "get" -> ok(encode(List.of(counter)));
      case "append" -> {
        list.add(args.getLong());
        yield ok(encode(list));
      }
      case "read" -> ok(encode(list));
      default -> Execution.done(new Response(Outcome.REJECTED, new byte[0]));
    };
  }

  private static Execution ok(byte[] payload) {
    return Execution.done(new Response(Outcome.OK, payload));
  }

  static byte[] encode(List<Long> values) {
    ByteBuffer out = ByteBuffer.allocate(8 * values.size());
    for (long v : values) {
      out.putLong(v);
    }
    return out.array();
  }

  static List<Long> decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    List<Long> out = new ArrayList<>(bytes.length / 8);
    while (in.remaining() >= 8) {
      out.add(in.getLong());
    }
    return out;
  }
}
