package org.concoord.client;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

/**
 * TEST STUB of the client library's ConcoordClient (module concoord-client): the same public API,
 * which generated proxies are compiled against, with calls served by a {@link Backend} that a test
 * plugs in. Not the real client; lives in test sources only.
 */
public final class ConcoordClient implements AutoCloseable {
  /** Serves the calls of every stub client; tests set it. */
  public interface Backend {
    Object invoke(String bootstrap, String method, Type returnType, Object[] args);
  }

  private static volatile Backend backend =
      (bootstrap, method, returnType, args) -> {
        throw new IllegalStateException("no test backend for " + method);
      };

  private final String bootstrap;
  private boolean closed;

  private ConcoordClient(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  public static void backend(Backend served) {
    backend = served;
  }

  public static ConcoordClient connect(String bootstrap) {
    return new ConcoordClient(bootstrap);
  }

  /** A named object's client: the backend sees "bootstrap#name" as the bootstrap. */
  public static ConcoordClient connect(String bootstrap, String name, Class<?> objectClass) {
    return new ConcoordClient(bootstrap + "#" + name);
  }

  @SuppressWarnings("unchecked") // the real client decodes by returnType; the backend does here
  public <T> T invoke(String method, Type returnType, Object... args) {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    return (T) backend.invoke(bootstrap, method, returnType, args);
  }

  public <T> CompletableFuture<T> invokeAsync(String method, Type returnType, Object... args) {
    try {
      return CompletableFuture.completedFuture(invoke(method, returnType, args));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Stub of the real watch: runs {@code read} once (through the backend), hands on its value. */
  public <T> Watch watch(java.util.function.Supplier<T> read, WatchListener<? super T> listener) {
    listener.onValue(read.get(), 0);
    return new Watch() {
      @Override
      public long lastSlot() {
        return 0;
      }

      @Override
      public boolean isActive() {
        return false;
      }

      @Override
      public void cancel() {}
    };
  }

  /** The stub serves every mode alike: the mode is the replicas' business. */
  public ConcoordClient withReads(org.concoord.core.command.ReadMode mode) {
    readMode = mode;
    return this;
  }

  /** The mode the last {@link #withReads} asked for. */
  public static org.concoord.core.command.ReadMode readMode;

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
