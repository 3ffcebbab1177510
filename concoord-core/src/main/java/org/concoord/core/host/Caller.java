package org.concoord.core.host;

/**
 * What a replicated object may know about the call it is executing, and its one way to block.
 * Declare a parameter of this type anywhere in a public method and the host passes it in (clients
 * never send it; it does not count towards the method's arity):
 *
 * <pre>
 * public void acquire(Caller caller) {
 *   if (held) { waiters.add(caller.park()); return; }   // no reply until a later call resumes it
 *   ...
 * }
 * </pre>
 *
 * <p>Most objects do not park calls themselves: they pass the Caller to a blocking primitive of
 * {@code org.concoord.core.sync} ({@code lock.acquire(caller)}, {@code waiters.park(caller)}).
 *
 * <p>Valid only during its own call: {@link #park()} from a later call is an error. Reads no clock:
 * {@link #stampTicks()} is the leader's stamp on the decided command, the same on every replica,
 * and the only "now" an object may use.
 */
public final class Caller {
  private final ObjectHost host;
  private final CallContext context;
  private final Invoker invoker;

  Caller(ObjectHost host, CallContext context, Invoker invoker) {
    this.host = host;
    this.context = context;
    this.invoker = invoker;
  }

  /** The client making this call; a lock may use it to know its holder. */
  public long clientId() {
    return context.clientId();
  }

  /** The client's sequence number of this call. */
  public long seq() {
    return context.seq();
  }

  /** The replicated clock at this call's slot, in ticks. */
  public long stampTicks() {
    return context.stampTicks();
  }

  /**
   * Parks this call: the client gets no reply now. Keep the returned handle and call {@link
   * Parked#resume} or {@link Parked#fail} on it from a later call to complete this one. The
   * method's own return value is then ignored; if it throws, the exception is the reply and the
   * call is not parked. Parking twice in one call returns the same handle.
   *
   * @throws IllegalStateException if this call has already returned
   */
  public Parked park() {
    return host.park(this);
  }

  Invoker invoker() {
    return invoker;
  }

  CallContext context() {
    return context;
  }

  @Override
  public String toString() {
    return "Caller[client " + context.clientId() + " #" + context.seq() + " " + invoker.name + "]";
  }
}
