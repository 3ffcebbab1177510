package org.concoord.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.concoord.client.Relay;
import org.concoord.client.Watch;
import org.concoord.client.WatchListener;
import org.concoord.client.tls.Identity;
import org.concoord.core.command.Call;
import org.concoord.core.value.ValueException;
import org.concoord.core.value.Values;

/**
 * {@code GET /v1/watch/{name}/{method}?args=[...]}: a watch (issue 21) as server-sent events. The
 * node opens the watch on the instance's native port as the caller's principal (a {@link Relay}
 * watch), and writes each value as an event: {@code id} the slot, {@code event} {@code value},
 * {@code current} (after a resume that may have missed changes), {@code exception} or {@code
 * ended}, {@code data} the JSON value. A comment line every 15 s finds a caller that left.
 *
 * <p>Each stream holds a thread of the API's pool, so streams are bounded (half its threads); a
 * caller that reads slowly gets the values coalesced (this side keeps the latest few, and the
 * replica coalesces behind it), the latest always delivered.
 */
final class WatchStreams {
  /** Events kept for a slow caller; past it the oldest value goes (the latest stays). */
  static final int PENDING_MAX = 16;

  static final long KEEPALIVE_MILLIS = 15_000;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Relay relay;
  private final int streamsMax;
  private final AtomicInteger streams = new AtomicInteger();

  WatchStreams(Relay relay, int streamsMax) {
    this.relay = relay;
    this.streamsMax = Math.max(1, streamsMax);
  }

  /** A watch stream for {@code method} of {@code object} ("" the default one). */
  void serve(HttpExchange exchange, Identity principal, String object, String method)
      throws IOException, InterruptedException {
    byte[] args;
    try {
      args = Values.argsFromJson(argsOf(exchange.getRequestURI().getRawQuery()));
    } catch (ValueException | IllegalArgumentException e) {
      HttpApi.sendError(
          exchange,
          ErrorCode.BAD_ARGUMENT,
          "args must be a JSON array of the arguments: " + e.getMessage(),
          null);
      return;
    }
    if (streams.incrementAndGet() > streamsMax) {
      streams.decrementAndGet();
      HttpApi.sendError(
          exchange,
          ErrorCode.UNAVAILABLE,
          "this node serves " + streamsMax + " watch streams, its bound; try another node",
          null);
      return;
    }
    try {
      stream(
          exchange,
          principal,
          object.isEmpty() ? new Call(method, args) : Call.on(object, "", method, args));
    } finally {
      streams.decrementAndGet();
    }
  }

  private void stream(HttpExchange exchange, Identity principal, Call call)
      throws IOException, InterruptedException {
    PendingEvents pending = new PendingEvents();
    Watch watch = relay.watch(ObjectCalls.principalName(principal), call, pending);
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      while (true) {
        Next next = pending.next();
        String text = next.event();
        out.write((text != null ? text : ": keepalive\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush(); // a caller that left fails this write: the watch ends below
        if (next.last()) {
          return;
        }
      }
    } finally {
      watch.cancel();
    }
  }

  /** An event to write (null: none came, a keepalive is due), and whether it ends the stream. */
  private record Next(String event, boolean last) {}

  /**
   * A stream's events received and not yet written, as server-sent events: filled on the watch
   * connection's reader thread, taken on the stream's.
   */
  private static final class PendingEvents implements WatchListener<byte[]> {
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private boolean ended;

    @Override
    public void onValue(byte[] value, long slot) {
      offer("value", slot, Values.toJson(value), false);
    }

    @Override
    public void onCurrent(byte[] value, long slot) {
      offer("current", slot, Values.toJson(value), false);
    }

    @Override
    public void onException(RuntimeException error, long slot) {
      offer(
          "exception",
          slot,
          Values.toJson(org.concoord.core.value.ValueCodec.encode(error.getMessage())),
          false);
    }

    @Override
    public void onEnded(String why) {
      offer("ended", 0, Values.toJson(org.concoord.core.value.ValueCodec.encode(why)), true);
    }

    private void offer(String event, long slot, String json, boolean last) {
      synchronized (pending) {
        if (pending.size() >= PENDING_MAX) {
          pending.pollFirst(); // a slow caller: the oldest value goes, the latest stays
        }
        pending.addLast(
            (slot > 0 ? "id: " + slot + "\n" : "")
                + "event: "
                + event
                + "\ndata: "
                + json
                + "\n\n");
        ended |= last;
        pending.notifyAll();
      }
    }

    /** The next event, waiting for one up to the keepalive interval unless the watch ended. */
    Next next() throws InterruptedException {
      synchronized (pending) {
        if (pending.isEmpty() && !ended) {
          pending.wait(KEEPALIVE_MILLIS);
        }
        String next = pending.pollFirst();
        return new Next(next, ended && pending.isEmpty());
      }
    }
  }

  /** The {@code args} parameter's JSON values (the array's items), none if absent. */
  static java.util.List<String> argsOf(String rawQuery) {
    if (rawQuery == null) {
      return java.util.List.of();
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("args=")) {
        String json = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8).strip();
        com.fasterxml.jackson.databind.JsonNode array;
        try {
          array = JSON.readTree(json);
        } catch (IOException e) {
          throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (array == null || !array.isArray()) {
          throw new IllegalArgumentException("not a JSON array");
        }
        java.util.List<String> items = new java.util.ArrayList<>();
        array.forEach(item -> items.add(item.toString()));
        return items;
      }
    }
    return java.util.List.of();
  }
}
