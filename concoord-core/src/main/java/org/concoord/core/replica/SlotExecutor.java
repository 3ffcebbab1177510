package org.concoord.core.replica;

import org.concoord.core.value.ValueCodec;
import java.util.List;
import java.util.Set;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.Release;
import org.concoord.core.host.ReplyLimit;
import org.concoord.core.host.Response;
import org.concoord.core.host.StateMachine;
import org.concoord.core.host.UserCodeFailure;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Snapshot;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * Applies decided batches, one slot at a time in slot order: client calls through the reply cache to
 * the object, reconfigurations to the view history (effective {@link View#WINDOW} slots later).
 * Everything here is replicated state: the same batches give the same results on every replica.
 *
 * <p>Not thread-safe. Does no I/O. Reads no clock: "now" is the leader's stamp in each batch.
 */
final class SlotExecutor {
  /** Where execution results go; the replica turns them into client replies. */
  interface Outputs {
    void reply(long clientId, long seq, Outcome outcome, byte[] payload);

    /** (clientId, seq) has been through execution, whatever its outcome. */
    void executed(long clientId, long seq);
  }

  /** A keepalive's arguments are one number; larger ones are not decoded (a value bomb). */
  static final int KEEPALIVE_ARGS_BYTES_MAX = 64;

  static final String SESSION_EXPIRED = "client session expired; start a new session";

  private final NodeId self;
  private final boolean diverge;
  private final NamedObjects objects;
  private final ReplyCache cache;
  private final ViewHistory views;
  private final Observer observer;
  private long clockTicks;

  SlotExecutor(
      NodeId self, StateMachine machine, ReplyCache cache, ViewHistory views, Observer observer) {
    this(self, machine, ObjectCatalog.forMachine(machine), cache, views, 0, Set.of(), observer);
  }

  SlotExecutor(NodeId self, StateMachine machine, ObjectCatalog catalog, ReplyCache cache,
      ViewHistory views, long stateMaxBytes, Set<Mutation> mutations, Observer observer) {
    this.objects = new NamedObjects(machine, catalog, stateMaxBytes, observer);
    this.self = self;
    this.diverge = mutations.contains(Mutation.DIVERGE_ONE_REPLICA) && self.address().equals("r0");
    this.cache = cache;
    this.views = views;
    this.observer = observer;
  }

  ReplyCache cache() {
    return cache;
  }

  /** The instance's objects. */
  NamedObjects objects() {
    return objects;
  }

  /** The state's size in bytes, summed over the objects as their quotas last measured them. */
  long stateBytes() {
    return objects.totals().bytes();
  }

  /** What an operator should know about the objects' state, or null. */
  String stateNotice() {
    return objects.notice();
  }

  /** The replicated clock: the highest leader stamp executed so far. Never goes backwards. */
  long clockTicks() {
    return clockTicks;
  }

  /** The replicated state as of {@code slot} (the last executed), for a lagging replica. */
  Snapshot snapshot(long slot) {
    return new Snapshot(slot, clockTicks, views.entries(), cache.scannedTicks(), cache.export(),
        objects.totals(), objects.snapshot());
  }

  /**
   * Replaces the replicated state by {@code snapshot}'s.
   *
   * @throws IllegalArgumentException if the object's bytes do not restore (nothing changed)
   */
  void restore(Snapshot snapshot) {
    objects.restore(snapshot.object(), snapshot.size()); // first: the only step that can refuse
    cache.restore(snapshot.sessionsScannedTicks(), snapshot.sessions());
    views.replaceAll(snapshot.views());
    clockTicks = snapshot.clockTicks();
  }

  void execute(long slot, Batch batch, Outputs outputs) {
    clockTicks = ClockStep.advance(clockTicks, batch.stampTicks());
    try {
      for (Command command : batch.commands()) {
        if (command instanceof ClientCommand call) {
          executeCall(slot, call, outputs);
        } else if (command instanceof Reconfigure change) {
          reconfigure(slot, change);
        }
      }
      for (ReplyCache.Expired expired : cache.expire(clockTicks)) {
        observer.mark("sessions.expired");
        sessionExpired(expired, outputs);
      }
    } catch (UserCodeFailure failure) {
      throw failure.atSlot(slot); // the node stops, naming the slot
    }
    observer.onExecuted(self, slot, batch);
  }

  private void executeCall(long slot, ClientCommand call, Outputs outputs) {
    switch (cache.admit(call, clockTicks)) {
      case EXECUTE -> invoke(slot, call, outputs);
      case DUPLICATE -> {
        observer.mark("reply-cache.duplicate-executed");
        Response cached = cache.cached(call.clientId(), call.seq());
        if (cached != null) {
          outputs.reply(call.clientId(), call.seq(), cached.outcome(), cached.payload());
        } else {
          outputs.reply(call.clientId(), call.seq(), Outcome.BLOCKED, new byte[0]);
        }
      }
      case STALE -> observer.mark("reply-cache.stale");
      case SESSION_EXPIRED -> reject(call, SESSION_EXPIRED, outputs);
      case TOO_MANY_OUTSTANDING -> reject(call, "too many unacknowledged requests", outputs);
      case OVERLOADED -> {
        observer.mark("reply-cache.overloaded");
        reject(call, cache.overload(call.clientId()), outputs);
      }
    }
    outputs.executed(call.clientId(), call.seq());
  }

  /**
   * A session expired: its parked calls are answered REJECTED (if the client still listens), and
   * the object releases what the client held, which may complete other clients' parked calls.
   */
  private void sessionExpired(ReplyCache.Expired expired, Outputs outputs) {
    byte[] why = ValueCodec.encode(SESSION_EXPIRED);
    for (long seq : expired.parkedSeqs()) {
      outputs.reply(expired.clientId(), seq, Outcome.REJECTED, why);
    }
    release(objects.sessionExpired(expired.clientId()), outputs);
  }

  private void invoke(long slot, ClientCommand call, Outputs outputs) {
    if (call.call().method().equals(Call.KEEPALIVE_METHOD) && !call.call().isNamed()) {
      keepalive(call, outputs);
      return;
    }
    CallContext context = new CallContext(call.clientId(), call.seq(), clockTicks);
    Execution execution = diverge && call.seq() % 4 == 0
        ? Execution.done(new Response(Outcome.OK, ValueCodec.encode(null)))
        : objects.execute(slot, context, call.call());
    if (execution.isParked()) {
      cache.recordParked(call.clientId(), call.seq());
      outputs.reply(call.clientId(), call.seq(), Outcome.BLOCKED, new byte[0]);
    } else {
      Response response = ReplyLimit.cap(execution.response());
      cache.recordReply(call.clientId(), call.seq(), response);
      outputs.reply(call.clientId(), call.seq(), response.outcome(), response.payload());
    }
    release(execution.releases(), outputs);
  }

  /**
   * A client's keepalive: its session is active (admission touched it) and, if it says so, expires
   * after the given ticks of silence instead of the default.
   */
  private void keepalive(ClientCommand call, Outputs outputs) {
    Object ticks = keepaliveTicks(call.call().args());
    if (ticks instanceof Long expiry) {
      cache.setExpiry(call.clientId(), expiry);
    }
    Response response = new Response(Outcome.OK, ValueCodec.encode(null));
    cache.recordReply(call.clientId(), call.seq(), response);
    outputs.reply(call.clientId(), call.seq(), Outcome.OK, response.payload());
  }

  private static Object keepaliveTicks(byte[] args) {
    if (args.length > KEEPALIVE_ARGS_BYTES_MAX) {
      return null; // a keepalive carries one number: never decode a large value here
    }
    try {
      List<?> list = (List<?>) ValueCodec.decode(args);
      return list.isEmpty() ? null : list.get(0);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void release(List<Release> releases, Outputs outputs) {
    for (Release release : releases) {
      if (!cache.isParked(release.clientId(), release.seq())) {
        continue; // its session expired meanwhile: nobody waits for it any more
      }
      Response response = ReplyLimit.cap(release.response());
      cache.recordReply(release.clientId(), release.seq(), response);
      Outcome outcome = response.outcome() == Outcome.OK ? Outcome.UNBLOCKED : response.outcome();
      outputs.reply(release.clientId(), release.seq(), outcome, response.payload());
    }
  }

  private void reconfigure(long slot, Reconfigure change) {
    observer.mark(views.applyDecided(slot, change) ? "view.changed" : "view.change-refused");
  }

  private static void reject(ClientCommand call, String why, Outputs outputs) {
    outputs.reply(
        call.clientId(), call.seq(), Outcome.REJECTED, ValueCodec.encode(why));
  }
}
