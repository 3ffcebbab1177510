package org.concoord.core.host;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeSet;
import org.concoord.core.codec.WireSizes;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;
import org.concoord.core.value.ValueTooLargeException;

/**
 * The responses an {@link ObjectHost} makes itself: refusals, EXCEPTION payloads (messages cut at
 * {@link ObjectHost#MESSAGE_LENGTH_MAX}), and a method's result encoded within the reply's bound.
 * Never throws for what user code returns or throws.
 */
final class HostReplies {
  private HostReplies() {}

  static Execution rejected(Reason reason, String message) {
    return Execution.done(new Response(Outcome.REJECTED, Refusal.encode(reason, shorten(message))));
  }

  /**
   * The EXCEPTION payload: the encoded list [exception class name, message (may be null)]. Never
   * throws: user code runs inside {@code getMessage()}, and it may throw or return anything.
   */
  static byte[] exceptionPayload(Throwable error) {
    String message;
    try {
      message = shorten(error.getMessage());
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable t) {
      message = "(getMessage() threw " + t.getClass().getName() + ")";
    }
    return ValueCodec.encode(Arrays.asList(error.getClass().getName(), message));
  }

  /** The reply to a call that returned {@code result}: OK, or EXCEPTION if it does not encode. */
  static Response completed(Invoker invoker, Object result) {
    try {
      return new Response(
          Outcome.OK, invoker.result.encode(result, WireSizes.REPLY_PAYLOAD_BYTES_MAX));
    } catch (ValueTooLargeException e) {
      return new Response(Outcome.EXCEPTION, ReplyLimit.tooLargeAtLeast(e.bytesAtLeast()));
    } catch (ValueException e) {
      return new Response(
          Outcome.EXCEPTION,
          exceptionPayload(
              new ValueException("result of " + invoker.label + ": " + e.getMessage())));
    }
  }

  /** Why {@code count} arguments fit none of a method's overloads ({@code byArity}). */
  static String arityMismatch(Invoker[] byArity, int count) {
    TreeSet<String> signatures = new TreeSet<>();
    Arrays.stream(byArity).filter(Objects::nonNull).forEach(i -> signatures.add(i.signature()));
    return String.join(" or ", signatures)
        + (signatures.size() == 1 ? " takes " : " take ")
        + String.join(
            " or ",
            Arrays.stream(byArity)
                .filter(Objects::nonNull)
                .map(i -> String.valueOf(i.arity))
                .toList())
        + " argument(s), got "
        + count;
  }

  private static String shorten(String message) {
    return message == null || message.length() <= ObjectHost.MESSAGE_LENGTH_MAX
        ? message
        : message.substring(0, ObjectHost.MESSAGE_LENGTH_MAX) + "...";
  }
}
