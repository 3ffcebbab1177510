package org.concoord.core.replica;

import java.util.List;
import java.util.Set;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.Observer;
import org.concoord.core.access.AccessPolicy;
import org.concoord.core.access.AccessRole;
import org.concoord.core.command.Batch;
import org.concoord.core.command.Call;
import org.concoord.core.command.ClientCommand;
import org.concoord.core.command.Command;
import org.concoord.core.command.Reconfigure;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectCatalog;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Release;
import org.concoord.core.host.ReplyLimit;
import org.concoord.core.host.Response;
import org.concoord.core.host.StateMachine;
import org.concoord.core.host.UserCodeFailure;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.message.Snapshot;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.view.View;
import org.concoord.core.view.ViewHistory;

/**
 * Applies decided batches, one slot at a time in slot order: client calls through the reply cache
 * to the object, reconfigurations to the view history (effective {@link View#WINDOW} slots later).
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

    /** {@code call} ran on its object at {@code slot} and gave {@code response} (watches). */
    default void ran(long slot, ClientCommand call, Response response) {}
  }

  /** A keepalive's arguments are one number; larger ones are not decoded (a value bomb). */
  static final int KEEPALIVE_ARGS_BYTES_MAX = 64;

  static final String SESSION_EXPIRED = "client session expired; start a new session";

  static final String WRONG_PRINCIPAL =
      "this client id's session belongs to another principal;" + " start a new session";

  /** An acl command's arguments are a few words; larger ones are not decoded. */
  static final int ACL_ARGS_BYTES_MAX = 4096;

  private final NodeId self;
  private final boolean diverge;
  private final NamedObjects objects;
  private final ReplyCache cache;
  private final ViewHistory views;
  private final Observer observer;
  private final AccessPolicy access = new AccessPolicy();
  private long clockTicks;

  /** The objects the slot being executed touched; null once it may have touched any. */
  private Set<String> touched = new java.util.HashSet<>();

  SlotExecutor(
      NodeId self, StateMachine machine, ReplyCache cache, ViewHistory views, Observer observer) {
    this(self, machine, ObjectCatalog.forMachine(machine), cache, views, 0, Set.of(), observer);
  }

  SlotExecutor(
      NodeId self,
      StateMachine machine,
      ObjectCatalog catalog,
      ReplyCache cache,
      ViewHistory views,
      long stateMaxBytes,
      Set<Mutation> mutations,
      Observer observer) {
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

  /** The replicated access policy as of the last executed slot. */
  AccessPolicy access() {
    return access;
  }

  /**
   * Why the policy refuses {@code call} now, or null if it allows it. Rules match the call's object
   * name (empty for the default object); the object's {@code @Access} annotations are the defaults
   * (none yet for an object a call would create).
   */
  String refusal(ClientCommand call) {
    if (access.roleOf(call.principal()) == AccessRole.ADMIN) {
      return null; // an admin may call anything: no rule or annotation to look up
    }
    Call target = call.call();
    NamedObject object = objects.get(target.object());
    AccessRole annotated = object == null ? null : object.access(target.method());
    return access.refusal(call.principal(), target.object(), target.method(), annotated);
  }

  /** The replicated clock: the highest leader stamp executed so far. Never goes backwards. */
  long clockTicks() {
    return clockTicks;
  }

  /** The replicated state as of {@code slot} (the last executed), for a lagging replica. */
  Snapshot snapshot(long slot) {
    return new Snapshot(
        slot,
        clockTicks,
        views.entries(),
        cache.scannedTicks(),
        cache.export(),
        objects.totals(),
        objects.snapshot(),
        access.export());
  }

  /**
   * Replaces the replicated state by {@code snapshot}'s.
   *
   * @throws IllegalArgumentException if the object's bytes do not restore (nothing changed)
   */
  void restore(Snapshot snapshot) {
    new AccessPolicy().restore(snapshot.access()); // refuses bad bytes before any change
    objects.restore(snapshot.object(), snapshot.size()); // the only step that can refuse
    access.restore(snapshot.access());
    cache.restore(snapshot.sessionsScannedTicks(), snapshot.sessions());
    views.replaceAll(snapshot.views());
    clockTicks = snapshot.clockTicks();
  }

  /**
   * The objects the last executed slot called (their state may have changed), or null if it may
   * have changed any (a session expired: every object that heard of it).
   */
  Set<String> touched() {
    return touched;
  }

  void execute(long slot, Batch batch, Outputs outputs) {
    clockTicks = ClockStep.advance(clockTicks, batch.stampTicks());
    touched = new java.util.HashSet<>();
    try {
      for (Command command : batch.commands()) {
        if (command instanceof ClientCommand call) {
          executeCall(slot, call, outputs);
        } else if (command instanceof Reconfigure change) {
          reconfigure(slot, change);
        }
      }
      for (ReplyCache.Expired expired : cache.expire(clockTicks)) {
        touched = null;
        observer.mark("sessions.expired");
        sessionExpired(expired, outputs);
      }
    } catch (UserCodeFailure failure) {
      throw failure.atSlot(slot); // the node stops, naming the slot
    }
    observer.onExecuted(self, slot, batch);
  }

  private void executeCall(long slot, ClientCommand call, Outputs outputs) {
    String refusal = refusal(call);
    if (refusal != null) {
      // Checked here, in slot order, so every replica refuses by the policy of this very slot.
      observer.mark("access.refused");
      reject(call, Reason.ACCESS_DENIED, refusal, outputs);
      outputs.executed(call.clientId(), call.seq());
      return;
    }
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
      case SESSION_EXPIRED -> reject(call, Reason.SESSION_EXPIRED, SESSION_EXPIRED, outputs);
      case TOO_MANY_OUTSTANDING ->
          reject(call, Reason.UNACKNOWLEDGED, "too many unacknowledged requests", outputs);
      case OVERLOADED -> {
        observer.mark("reply-cache.overloaded");
        reject(call, Reason.OVERLOADED, cache.overload(call.clientId()), outputs);
      }
      case WRONG_PRINCIPAL -> {
        observer.mark("access.wrong-principal");
        reject(call, Reason.WRONG_PRINCIPAL, WRONG_PRINCIPAL, outputs);
      }
    }
    outputs.executed(call.clientId(), call.seq());
  }

  /**
   * A session expired: its parked calls are answered REJECTED (if the client still listens), and
   * the object releases what the client held, which may complete other clients' parked calls.
   */
  private void sessionExpired(ReplyCache.Expired expired, Outputs outputs) {
    byte[] why = Refusal.encode(Reason.SESSION_EXPIRED, SESSION_EXPIRED);
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
    if (call.call().method().equals(Call.ACL_METHOD) && !call.call().isNamed()) {
      acl(call, outputs);
      return;
    }
    if (call.call().method().equals(Call.ACL_METHOD)) {
      acl(call, outputs);
      return;
    }
    if (call.call().method().equals(Call.UPGRADE_METHOD)) {
      // The code switch of this slot: every replica at once (touches every object).
      touched = null;
      Response response =
          call.call().isNamed()
              ? new Response(
                  Outcome.REJECTED,
                  Refusal.encode(
                      Reason.INVALID,
                      Call.UPGRADE_METHOD
                          + " is a call on the instance, not on an object: send it unnamed"))
              : CodeUpgrades.execute(objects, slot, call);
      observer.mark("code.upgrade-call");
      cache.recordReply(call.clientId(), call.seq(), response);
      outputs.reply(call.clientId(), call.seq(), response.outcome(), response.payload());
      return;
    }
    if (touched != null) {
      touched.add(call.call().object());
    }
    CallContext context = new CallContext(call.clientId(), call.seq(), clockTicks);
    Execution execution =
        diverge && call.seq() % 4 == 0
            ? Execution.done(new Response(Outcome.OK, ValueCodec.encode(null)))
            : objects.execute(slot, context, call.call());
    if (execution.isParked()) {
      cache.recordParked(call.clientId(), call.seq());
      outputs.reply(call.clientId(), call.seq(), Outcome.BLOCKED, new byte[0]);
    } else {
      Response response = ReplyLimit.cap(execution.response());
      cache.recordReply(call.clientId(), call.seq(), response);
      outputs.reply(call.clientId(), call.seq(), response.outcome(), response.payload());
      outputs.ran(slot, call, response);
    }
    if (execution.isParked()) {
      outputs.ran(slot, call, new Response(Outcome.BLOCKED, new byte[0]));
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

  /**
   * An admin's `concoord acl` command (the policy refused everyone else before this): applied to
   * the replicated policy, answered with the policy as text, or EXCEPTION if malformed.
   */
  private void acl(ClientCommand call, Outputs outputs) {
    Response response;
    try {
      if (call.call().args().length > ACL_ARGS_BYTES_MAX) {
        throw new IllegalArgumentException("acl arguments over " + ACL_ARGS_BYTES_MAX + " bytes");
      }
      String text = access.apply((List<?>) ValueCodec.decode(call.call().args()));
      observer.mark("access.policy-applied");
      response = new Response(Outcome.OK, ValueCodec.encode(text));
    } catch (RuntimeException e) { // malformed: nothing changed
      response =
          new Response(
              Outcome.EXCEPTION,
              ObjectHost.exceptionPayload(new IllegalArgumentException(e.getMessage())));
    }
    cache.recordReply(call.clientId(), call.seq(), response);
    outputs.reply(call.clientId(), call.seq(), response.outcome(), response.payload());
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

  private static void reject(ClientCommand call, Reason reason, String why, Outputs outputs) {
    outputs.reply(call.clientId(), call.seq(), Outcome.REJECTED, Refusal.encode(reason, why));
  }
}
