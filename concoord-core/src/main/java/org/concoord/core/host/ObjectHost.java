package org.concoord.core.host;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concoord.core.access.AccessRole;
import org.concoord.core.command.Call;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.value.ValueCodec;
import org.concoord.core.value.ValueException;

/**
 * Runs a plain user object as the replicated state machine: each {@link Call} invokes the public
 * method of that name (overloads chosen by arity), with arguments decoded by its declared parameter
 * types and the result encoded by its declared return type.
 *
 * <p>Replies: OK with the encoded result (null for void); REJECTED with an encoded message for an
 * unknown method, a wrong arity or an argument that does not decode (the object never sees the
 * call); EXCEPTION with an encoded list [exception class name, message] when the method throws,
 * anything the method changed before throwing staying changed, alike on every replica. An {@link
 * Error} (OutOfMemoryError, StackOverflowError, ...) is no reply: it propagates as a {@link
 * UserCodeFailure} naming the method and the client, and the node stops. A call that parks (see
 * {@link Caller}) has no response; a later call's {@link Parked#resume} releases it with UNBLOCKED
 * and the encoded result, or {@link Parked#fail} with EXCEPTION.
 *
 * <p>{@value #INIT_METHOD} is reserved: it replaces the object with a fresh one from the public
 * no-argument constructor and fails every call still parked on the old one.
 *
 * <p>Not thread-safe: driven by one replica, one call at a time. Does no I/O and reads no clock; it
 * is deterministic as long as the object is (which the codegen {@code -s} check looks after).
 */
public final class ObjectHost implements StateMachine {
  /** Reserved method name: re-runs the constructor. */
  public static final String INIT_METHOD = "__concoordinit__";

  /** Longest message, in chars, put in a REJECTED or EXCEPTION payload; longer ones are cut. */
  public static final int MESSAGE_LENGTH_MAX = 4096;

  private static final String PARKED_ON_REINIT =
      "the object was re-initialized (" + INIT_METHOD + ") while this call was parked";

  private final HostedClass hosted;
  private final Class<?> objectClass;
  private final Map<String, Invoker[]> methods;

  /** Calls parked and not yet completed, in the order they parked, with their method. */
  private final ParkedCalls parked = new ParkedCalls();

  private final ObjectState state;
  private Object instance;

  /** The size of the last snapshot taken or measured: the next one's buffer starts there. */
  private long sizeHint;

  /** Whether the object may have changed since {@link #sizeHint} was taken. */
  private boolean sizeHintStale;

  /**
   * From this size on, a snapshot whose hint is stale counts its bytes first: a buffer grown by
   * doubling would hold up to twice a large state, and its final copy once more.
   */
  static final long COUNT_FIRST_BYTES = 1 << 20;

  // The call being executed; set only inside execute().
  private Caller callCaller;
  private Parked callParked;
  private boolean inCall;

  /**
   * Hosts a new instance of {@code objectClass}.
   *
   * @throws IllegalArgumentException if the class is not public and concrete with a public
   *     no-argument constructor, has two overloads of one arity, uses the reserved name, its
   *     constructor throws, or its state cannot be snapshotted (see {@link #snapshot})
   */
  public ObjectHost(Class<?> objectClass) {
    this(HostedClass.of(objectClass));
  }

  /**
   * Hosts a new instance of a class already checked ({@link HostedClass#newHost}).
   *
   * @throws IllegalArgumentException if the constructor throws
   */
  ObjectHost(HostedClass hosted) {
    this.hosted = hosted;
    this.objectClass = hosted.objectClass;
    this.methods = hosted.methods;
    this.state = hosted.state;
    this.instance = hosted.constructOrRefuse();
  }

  /** The class and what its hosts share. */
  public HostedClass hostedClass() {
    return hosted;
  }

  /** Whether any call is parked on this object. */
  public boolean hasParked() {
    return !parked.isEmpty();
  }

  /** Whether this object may hear of a session's expiry: it listens, or holds a parked call. */
  public boolean mayHearExpiry() {
    return hosted.listensToSessions() || !parked.isEmpty();
  }

  /**
   * The object is being deleted: fails every call parked on it with {@code error} (their replies in
   * the returned releases). The host is not to be used afterwards.
   */
  public List<Release> failParked(RuntimeException error) {
    parked.failAll(exceptionPayload(error));
    return parked.endCall(null).releases();
  }

  public Class<?> objectClass() {
    return objectClass;
  }

  /** The hosted instance (replaced by {@value #INIT_METHOD}). */
  public Object instance() {
    return instance;
  }

  /** The calls parked and not yet completed, oldest first. */
  public List<Parked> parked() {
    return parked.list();
  }

  /**
   * The object's state and the calls parked on it, as bytes: every non-static, non-transient field
   * by its declared type ({@link ObjectState}). Deterministic for equal states.
   */
  @Override
  public byte[] snapshot() {
    List<ObjectState.ParkedEntry> entries = parked.entries();
    if (sizeHintStale && sizeHint >= COUNT_FIRST_BYTES) {
      sizeHint = state.size(instance, entries);
    }
    byte[] bytes = state.capture(instance, entries, sizeHint);
    sizeHint = bytes.length;
    sizeHintStale = false;
    return bytes;
  }

  /** {@link #snapshot}'s bytes, written to {@code out} as Jackson makes them (no array of ours). */
  @Override
  public void writeSnapshot(java.io.OutputStream out) {
    state.capture(instance, parked.entries(), out);
  }

  /** The length of {@link #snapshot}'s bytes, counted without keeping them. */
  @Override
  public long snapshotSize() {
    sizeHint = state.size(instance, parked.entries());
    sizeHintStale = false;
    return sizeHint;
  }

  /** The role {@code method}'s {@code @Access} annotation names, or null (writer). */
  @Override
  public AccessRole access(String method) {
    return hosted.access.get(method);
  }

  @Override
  public boolean isReadOnly(String method) {
    return hosted.readOnly.contains(method);
  }

  /** Whether the overload of {@code method} taking {@code arity} arguments may park. */
  @Override
  public boolean mayPark(String method, int arity) {
    Invoker[] byArity = methods.get(method);
    Invoker invoker =
        byArity == null || arity < 0 || arity >= byArity.length ? null : byArity[arity];
    return invoker == null || invoker.unsupported != null || invoker.takesCaller();
  }

  /** The hosted class's simple name, for messages about its state. */
  @Override
  public String describe() {
    return objectClass.getSimpleName();
  }

  /**
   * Replaces the object by a fresh instance filled from {@code snapshot}, and the parked calls by
   * those it records. On failure nothing changes.
   *
   * @throws IllegalArgumentException if the bytes are not a snapshot of this class
   */
  @Override
  public void restore(byte[] snapshot) {
    if (inCall) {
      throw new IllegalStateException("cannot restore during a call");
    }
    Object fresh = hosted.constructOrRefuse();
    ObjectState.Restored restored = state.restore(this, fresh, snapshot);
    Map<Parked, Invoker> waiting = ParkedCalls.resolve(restored.parked(), methods, this);
    instance = fresh;
    parked.replace(waiting);
    sizeHint = snapshot.length;
    sizeHintStale = false;
  }

  @Override
  public Execution execute(CallContext context, Call call) {
    sizeHintStale = true;
    try {
      return dispatch(context, call);
    } catch (UserCodeFailure e) {
      throw e;
    } catch (Error e) {
      inCall = false;
      callCaller = null;
      callParked = null;
      throw new UserCodeFailure(
          objectClass.getSimpleName() + "." + call.method(),
          context.clientId(),
          context.seq(),
          0,
          e);
    }
  }

  private Execution dispatch(CallContext context, Call call) {
    String name = call.method();
    if (name.equals(INIT_METHOD)) {
      return reinitialize(call);
    }
    Object bound = BoundCall.bind(this, methods, context, call);
    if (bound instanceof Execution refused) {
      return refused; // the object never sees the call
    }
    BoundCall matched = (BoundCall) bound;
    return invoke(matched.invoker(), matched.caller(), matched.arguments());
  }

  private Execution invoke(Invoker invoker, Caller caller, Object[] arguments) {
    parked.startCall(); // in case an OutOfMemoryError cut the previous call short
    inCall = true;
    callCaller = caller;
    Response response;
    try {
      Object result = (Object) invoker.handle.invokeExact(instance, arguments);
      response = callParked != null ? null : HostReplies.completed(invoker, result);
    } catch (Error e) {
      throw e;
    } catch (Throwable t) {
      if (callParked != null) {
        parked.remove(callParked); // the exception is the reply: nothing left to resume
      }
      response = new Response(Outcome.EXCEPTION, exceptionPayload(t));
    } finally {
      inCall = false;
      callCaller = null;
      callParked = null;
    }
    return parked.endCall(response);
  }

  private Execution reinitialize(Call call) {
    int count;
    try {
      count = ValueCodec.listSize(call.args());
    } catch (ValueException e) {
      return rejected(Reason.BAD_ARGUMENTS, "arguments of " + INIT_METHOD + ": " + e.getMessage());
    }
    if (count != 0) {
      return rejected(Reason.BAD_ARGUMENTS, INIT_METHOD + " takes no arguments, got " + count);
    }
    Object fresh;
    try {
      fresh = hosted.construct();
    } catch (Error e) {
      throw e;
    } catch (Throwable t) {
      return Execution.done(new Response(Outcome.EXCEPTION, exceptionPayload(t)));
    }
    instance = fresh;
    // The old instance held the only handles to its waiters: fail them rather than strand them.
    parked.failAll(exceptionPayload(new IllegalStateException(PARKED_ON_REINIT)));
    return parked.endCall(new Response(Outcome.OK, ValueCodec.encode(null)));
  }

  Parked park(Caller caller) {
    if (!inCall || caller != callCaller) {
      throw new IllegalStateException(caller + " can only park during its own call");
    }
    if (callParked == null) {
      CallContext context = caller.context();
      callParked = new Parked(context.clientId(), context.seq(), caller.invoker().name, this);
      parked.put(callParked, caller.invoker());
    }
    return callParked;
  }

  void resume(Parked waiter, Object result) {
    Invoker invoker = waiterOf(waiter);
    if (invoker != null) {
      byte[] payload = invoker.result.encode(result); // a misfit throws and leaves it parked
      parked.remove(waiter);
      parked.release(waiter, new Response(Outcome.UNBLOCKED, payload));
    }
  }

  void fail(Parked waiter, RuntimeException error) {
    Objects.requireNonNull(error, "error");
    if (waiterOf(waiter) != null) {
      parked.remove(waiter);
      parked.release(waiter, new Response(Outcome.EXCEPTION, exceptionPayload(error)));
    }
  }

  boolean isPending(Parked waiter) {
    return parked.contains(waiter);
  }

  /**
   * The session of {@code clientId} expired: tells the object's {@link SessionListeners} (the
   * {@link SessionAware} values in its fields, then the object itself if it is one) so they can
   * release what the client held, then drops the client's calls still parked. Returns the other
   * clients' calls that they released meanwhile. Never throws for the object's faults.
   */
  @Override
  public List<Release> sessionExpired(long clientId) {
    sizeHintStale = true;
    parked.startCall();
    inCall = true;
    try {
      hosted.sessionListeners.sessionExpired(instance, clientId);
    } catch (Error e) {
      throw new UserCodeFailure(
          objectClass.getSimpleName() + " session-expiry listener", clientId, 0, 0, e);
    } finally {
      inCall = false;
    }
    parked.removeClient(clientId);
    return parked.endCall(null).releases();
  }

  private Invoker waiterOf(Parked waiter) {
    if (!inCall) {
      throw new IllegalStateException(waiter + " can only be completed during a call");
    }
    return parked.get(waiter);
  }

  private static Execution rejected(Reason reason, String message) {
    return HostReplies.rejected(reason, message);
  }

  /**
   * The EXCEPTION payload: the encoded list [exception class name, message (may be null)]. Never
   * throws: user code runs inside {@code getMessage()}, and it may throw or return anything.
   */
  public static byte[] exceptionPayload(Throwable error) {
    return HostReplies.exceptionPayload(error);
  }

  @Override
  public String toString() {
    return "ObjectHost[" + objectClass.getName() + ", " + parked.size() + " parked]";
  }
}
