package org.concoord.core.replica;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ReplyLimit;
import org.concoord.core.host.Response;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.WatchEvent;

/**
 * The watchers of one (object, read-only method, arguments): evaluated once per slot that touched
 * the object, whatever the number of watchers, and pushed to all of them when the result differs
 * from the last one pushed. Keeps the last result's SHA-256, not the result: a watcher costs its
 * key, not a copy of the value.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock.
 */
final class WatchGroup {
  /** A watched method and its arguments (compared by content). */
  record Target(String method, byte[] args) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Target t && method.equals(t.method) && Arrays.equals(args, t.args);
    }

    @Override
    public int hashCode() {
      return method.hashCode() * 31 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
      return method + "(" + args.length + "B)";
    }
  }

  private record Result(WatchEvent.Kind kind, byte[] payload) {}

  private final String object;
  private final Target target;
  private final Set<Watches.Key> members = new LinkedHashSet<>();
  private byte[] lastDigest;

  WatchGroup(String object, Target target) {
    this.object = object;
    this.target = target;
  }

  Target target() {
    return target;
  }

  void join(Watches.Key key) {
    members.add(key);
  }

  void leave(Watches.Key key) {
    members.remove(key);
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  /**
   * The value now (at {@code slot}) for a watcher that just joined: {@code VALUE}, or {@code
   * CURRENT} if it resumes from a slot no longer retained here.
   */
  WatchEvent current(
      NamedObjects objects, long clockTicks, long slot, Watches.Key key, boolean retained) {
    Result result = run(objects, clockTicks);
    lastDigest = digest(result);
    WatchEvent.Kind kind =
        result.kind() == WatchEvent.Kind.VALUE && !retained
            ? WatchEvent.Kind.CURRENT
            : result.kind();
    return new WatchEvent(key.clientId(), key.watchId(), slot, kind, result.payload());
  }

  /** Evaluates after {@code slot}; the events for every member if the result changed. */
  List<WatchEvent> evaluate(NamedObjects objects, long clockTicks, long slot) {
    Result result = run(objects, clockTicks);
    byte[] digest = digest(result);
    if (Arrays.equals(digest, lastDigest)) {
      return List.of();
    }
    lastDigest = digest;
    List<WatchEvent> events = new ArrayList<>(members.size());
    for (Watches.Key key : members) {
      events.add(
          new WatchEvent(key.clientId(), key.watchId(), slot, result.kind(), result.payload()));
    }
    return events;
  }

  /** Evaluates and takes the result as pushed without pushing it (a mutation's lost push). */
  void absorb(NamedObjects objects, long clockTicks) {
    lastDigest = digest(run(objects, clockTicks));
  }

  private Result run(NamedObjects objects, long clockTicks) {
    NamedObject found = objects.get(object);
    if (found == null) {
      return ended(new Refusal(Reason.NO_OBJECT, "the object '" + object + "' was deleted"));
    }
    Call call =
        object.isEmpty()
            ? new Call(target.method(), target.args())
            : Call.on(object, "", target.method(), target.args());
    Execution execution = found.evaluate(new CallContext(0, 1, clockTicks), call);
    if (execution.isParked()) {
      return ended(
          new Refusal(
              Reason.NOT_READ_ONLY,
              target.method() + " parked the call: a watched method must answer at once"));
    }
    Response response = ReplyLimit.cap(execution.response());
    return switch (response.outcome()) {
      case OK, UNBLOCKED -> new Result(WatchEvent.Kind.VALUE, response.payload());
      case EXCEPTION -> new Result(WatchEvent.Kind.EXCEPTION, response.payload());
      default -> ended(refused(response));
    };
  }

  /** The call's refusal ends the watch with the same code. */
  private static Refusal refused(Response response) {
    Refusal refusal = Refusal.decode(response.payload());
    return new Refusal(refusal.reason(), "refused: " + refusal.message());
  }

  private static Result ended(Refusal why) {
    return new Result(WatchEvent.Kind.ENDED, why.encode());
  }

  private static byte[] digest(Result result) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((byte) result.kind().code);
      return sha.digest(result.payload());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
