package org.concoord.client;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.concoord.core.command.Call;
import org.concoord.core.message.ClientReply;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;

/**
 * The caller's side of a {@link ConcoordClient} call: its arguments encoded and its {@link Call}
 * built (refused before anything is sent when they cannot be), and the wait for its final reply.
 */
final class Invocations {
  private Invocations() {}

  /** A random, non-zero client id. */
  static long newClientId() {
    SecureRandom random = new SecureRandom();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  static byte[] encodeArgs(String method, Object[] args) {
    Objects.requireNonNull(args, "args (for one null argument, pass (Object) null)");
    try {
      return ValueCodec.encodeArgs(args);
    } catch (ValueException e) {
      for (int i = 0; i < args.length; i++) {
        try {
          ValueCodec.encode(args[i]);
        } catch (ValueException inner) {
          throw new ConcoordRejectedException(
              "argument "
                  + (i + 1)
                  + " of '"
                  + method
                  + "' cannot be sent: "
                  + inner.getMessage()
                  + " (nothing was sent)",
              inner);
        }
      }
      throw new ConcoordRejectedException(
          "the arguments of '"
              + method
              + "' cannot be sent: "
              + e.getMessage()
              + " (nothing was sent)",
          e);
    }
  }

  /** The call of {@code method} on {@code object} ("": the default object) of that class. */
  static Call call(String object, String objectClass, String method, byte[] encodedArgs) {
    Objects.requireNonNull(method, "method");
    try {
      return object.isEmpty() || method.equals(Call.KEEPALIVE_METHOD)
          ? new Call(method, encodedArgs)
          : Call.on(object, objectClass, method, encodedArgs);
    } catch (IllegalArgumentException e) {
      throw new ConcoordRejectedException(
          "method '" + method + "': " + e.getMessage() + " (nothing was sent)", e);
    }
  }

  /** Waits for the final reply, no longer than the call's deadline. */
  static ClientReply await(Link link, PendingCall pending) {
    try {
      long left = pending.deadlineNanos - System.nanoTime();
      return pending.reply.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      link.expire(pending, link.timeoutError(pending)); // unless a reply won the race
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      link.expire(
          pending,
          new ConcoordException(
              "interrupted while waiting for " + pending + "; it may or may not have executed", e));
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
    try {
      return pending.reply.join(); // done now: by the reply or by the expiry above
    } catch (CompletionException e) {
      throw rethrow(e.getCause());
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new ConcoordException("call failed: " + cause, cause);
  }

  static ClassLoader callerLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : ConcoordClient.class.getClassLoader();
  }
}
