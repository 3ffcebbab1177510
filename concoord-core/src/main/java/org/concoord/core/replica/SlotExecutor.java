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
import org.concoord.core.host.Release;
import org.concoord.core.host.Response;
import org.concoord.core.host.StateMachine;
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

  static final String SESSION_EXPIRED = "client session expired; start a new session";

  private final NodeId self;
  private final boolean diverge;
  private final StateMachine machine;
  private final ReplyCache cache;
  private final ViewHistory views;
  private final Observer observer;
  private final StateQuota quota;
  private long clockTicks;

  SlotExecutor(
      NodeId self, StateMachine machine, ReplyCache cache, ViewHistory views, Observer observer) {
    this(self, machine, cache, views, 0, Set.of(), observer);
  }

  SlotExecutor(NodeId self, StateMachine machine, ReplyCache cache, ViewHistory views,
      long stateMaxBytes, Set<Mutation> mutations, Observer observer) {
    this.quota = new StateQuota(stateMaxBytes, observer);
    this.self = self;
    this.diverge = mutations.contains(Mutation.DIVERGE_ONE_REPLICA) && self.address().equals("r0");
    this.machine = machine;
    this.cache = cache;
    this.views = views;
    this.observer = observer;
  }

  ReplyCache cache() {
    return cache;
  }

  /** The state quota and its measure. */
  StateQuota quota() {
    return quota;
  }

  /** What an operator should know about the object's state, or null. */
  String stateNotice() {
    return quota.notice(machine);
  }

  /** The replicated clock: the highest leader stamp executed so far. Never goes backwards. */
  long clockTicks() {
    return clockTicks;
  }

  /** The replicated state as of {@code slot} (the last executed), for a lagging replica. */
  Snapshot snapshot(long slot) {
    return new Snapshot(slot, clockTicks, views.entries(), cache.scannedTicks(), cache.export(),
        quota.size(), machine.snapshot());
  }

  /**
   * Replaces the replicated state by {@code snapshot}'s.
   *
   * @throws IllegalArgumentException if the object's bytes do not restore (nothing changed)
   */
  void restore(Snapshot snapshot) {
    machine.restore(snapshot.object()); // first: the only step that can refuse
    cache.restore(snapshot.sessionsScannedTicks(), snapshot.sessions());
    views.replaceAll(snapshot.views());
    clockTicks = snapshot.clockTicks();
    quota.restore(snapshot.size());
  }

  void execute(long slot, Batch batch, Outputs outputs) {
    clockTicks = ClockStep.advance(clockTicks, batch.stampTicks());
    for (Command command : batch.commands()) {
      if (command instanceof ClientCommand call) {
        executeCall(call, outputs);
      } else if (command instanceof Reconfigure change) {
        reconfigure(slot, change);
      }
    }
    for (ReplyCache.Expired expired : cache.expire(clockTicks)) {
      observer.mark("sessions.expired");
      sessionExpired(expired, outputs);
    }
    observer.onExecuted(self, slot, batch);
  }

  private void executeCall(ClientCommand call, Outputs outputs) {
    switch (cache.admit(call, clockTicks)) {
      case EXECUTE -> invoke(call, outputs);
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
    release(machine.sessionExpired(expired.clientId()), outputs);
  }

  private void invoke(ClientCommand call, Outputs outputs) {
    if (call.call().method().equals(Call.KEEPALIVE_METHOD)) {
      keepalive(call, outputs);
      return;
    }
    CallContext context = new CallContext(call.clientId(), call.seq(), clockTicks);
    Execution execution = diverge && call.seq() % 4 == 0
        ? Execution.done(new Response(Outcome.OK, ValueCodec.encode(null)))
        : quota.execute(machine, context, call.call());
    if (execution.isParked()) {
      cache.recordParked(call.clientId(), call.seq());
      outputs.reply(call.clientId(), call.seq(), Outcome.BLOCKED, new byte[0]);
    } else {
      Response response = execution.response();
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
    Object ticks;
    try {
      List<?> args = (List<?>) ValueCodec.decode(call.call().args());
      ticks = args.isEmpty() ? null : args.get(0);
    } catch (RuntimeException e) {
      ticks = null;
    }
    if (ticks instanceof Long expiry) {
      cache.setExpiry(call.clientId(), expiry);
    }
    Response response = new Response(Outcome.OK, ValueCodec.encode(null));
    cache.recordReply(call.clientId(), call.seq(), response);
    outputs.reply(call.clientId(), call.seq(), Outcome.OK, response.payload());
  }

  private void release(List<Release> releases, Outputs outputs) {
    for (Release release : releases) {
      if (!cache.isParked(release.clientId(), release.seq())) {
        continue; // its session expired meanwhile: nobody waits for it any more
      }
      Response response = release.response();
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
