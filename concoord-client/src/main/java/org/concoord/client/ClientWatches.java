package org.concoord.client;

import java.lang.reflect.Type;
import java.util.List;
import java.util.function.Supplier;
import org.concoord.core.command.Call;
import org.concoord.core.message.ClientReply;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchEvent;
import org.concoord.core.message.WatchRequest;
import org.concoord.core.value.ValueCodec;

/**
 * The watches of a {@link ConcoordClient} and its views (issue 21): one {@link WatchSession},
 * opened on the first watch and shared, and the listeners' side of each watch (events decoded by
 * the declared type, like results). Thread-safe.
 */
final class ClientWatches {
  /** Set while {@link #recordCall} records which call a proxy's lambda makes. */
  private static final ThreadLocal<Object[]> RECORDING = new ThreadLocal<>();

  private final BootstrapResolver resolver;
  private final ClientOptions options;
  private final long clientId;
  private final ReplyDecoder decoder;
  private WatchSession session; // guarded by this

  ClientWatches(
      BootstrapResolver resolver, ClientOptions options, long clientId, ReplyDecoder decoder) {
    this.resolver = resolver;
    this.options = options;
    this.clientId = clientId;
    this.decoder = decoder;
  }

  Watch open(Call call, WatchRequest.Mode mode, long fromSlot, WatchSession.Sink sink) {
    WatchSession watches;
    synchronized (this) {
      if (session == null) {
        session = new WatchSession(resolver, options, clientId);
      }
      watches = session;
    }
    return watches.open(call, mode, fromSlot, sink);
  }

  synchronized int size() {
    return session == null ? 0 : session.size();
  }

  synchronized void close() {
    if (session != null) {
      session.close();
    }
  }

  /**
   * While {@link #recordCall} runs: notes the call a proxy's lambda makes and returns true (the
   * caller then sends nothing and returns {@link #zero}); otherwise false.
   */
  static boolean record(String method, Type returnType, Object[] args) {
    Object[] recording = RECORDING.get();
    if (recording == null) {
      return false;
    }
    recording[0] = method;
    recording[1] = returnType;
    recording[2] = args.clone();
    return true;
  }

  /**
   * Runs {@code read} once, here, sending nothing: {method, result type, arguments} of the call it
   * made on a generated proxy.
   *
   * @throws IllegalArgumentException if it made none
   */
  static Object[] recordCall(Supplier<?> read) {
    Object[] recorded = new Object[3];
    RECORDING.set(recorded);
    try {
      read.get();
    } finally {
      RECORDING.remove();
    }
    if (recorded[0] == null) {
      throw new IllegalArgumentException("the watched lambda made no call on the proxy");
    }
    return recorded;
  }

  /** The zero of a primitive type, null for any other: what a recorded call returns. */
  static Object zero(Type type) {
    if (type == boolean.class) {
      return false;
    } else if (type == char.class) {
      return (char) 0;
    } else if (type == byte.class) {
      return (byte) 0;
    } else if (type == short.class) {
      return (short) 0;
    } else if (type == int.class) {
      return 0;
    } else if (type == long.class) {
      return 0L;
    } else if (type == float.class) {
      return 0f;
    } else if (type == double.class) {
      return 0d;
    }
    return null;
  }

  /** Hands an event to a listener of encoded values. */
  static void deliverRaw(WatchListener<byte[]> listener, WatchEvent event) {
    switch (event.kind()) {
      case VALUE -> listener.onValue(event.payload(), event.slot());
      case CURRENT -> listener.onCurrent(event.payload(), event.slot());
      case EXCEPTION ->
          listener.onException(
              new ConcoordRemoteException(String.valueOf(ValueCodec.decode(event.payload())), ""),
              event.slot());
      case ENDED -> listener.onEnded(Refusal.decode(event.payload()).message());
      default -> {}
    }
  }

  /** Hands a write stream's event to its listener. */
  static void deliverWrite(WriteListener listener, WatchEvent event) {
    switch (event.kind()) {
      case WRITE -> listener.onWrite(writeRecord(event));
      case GAP -> listener.onGap(event.slot(), String.valueOf(ValueCodec.decode(event.payload())));
      case ENDED -> listener.onEnded(Refusal.decode(event.payload()).message());
      default -> {}
    }
  }

  /** Hands an event to a listener of values decoded as {@code type}. */
  <T> void deliverValue(
      String method,
      Type type,
      ClassLoader loader,
      WatchListener<? super T> listener,
      WatchEvent event) {
    switch (event.kind()) {
      case VALUE, CURRENT -> {
        @SuppressWarnings("unchecked")
        T value =
            (T)
                decoder.result(
                    method,
                    new ClientReply(clientId, 1, Outcome.OK, event.payload(), null),
                    type,
                    loader);
        if (event.kind() == WatchEvent.Kind.VALUE) {
          listener.onValue(value, event.slot());
        } else {
          listener.onCurrent(value, event.slot());
        }
      }
      case EXCEPTION -> {
        try {
          decoder.result(
              method,
              new ClientReply(clientId, 1, Outcome.EXCEPTION, event.payload(), null),
              type,
              loader);
        } catch (RuntimeException e) {
          listener.onException(e, event.slot());
        }
      }
      case ENDED -> listener.onEnded(Refusal.decode(event.payload()).message());
      default -> {}
    }
  }

  private static WriteRecord writeRecord(WatchEvent event) {
    List<?> fields = (List<?>) ValueCodec.decode(event.payload());
    return new WriteRecord(
        event.slot(),
        (String) fields.get(0),
        (byte[]) fields.get(1),
        Outcome.ofCode(((Long) fields.get(2)).intValue()),
        (byte[]) fields.get(3),
        (String) fields.get(4),
        (Long) fields.get(5));
  }
}
