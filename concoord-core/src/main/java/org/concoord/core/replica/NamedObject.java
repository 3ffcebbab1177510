package org.concoord.core.replica;

import java.util.List;
import org.concoord.core.codec.ObjectSetCodec;
import org.concoord.core.command.Call;
import org.concoord.core.host.CallContext;
import org.concoord.core.host.Execution;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.host.Release;
import org.concoord.core.host.StateMachine;

/**
 * One object of the instance's directory ({@link NamedObjects}): its machine, the class it was
 * created as, the slot that created it, its state quota, and a cached encoding of its state. The
 * cache is what keeps a snapshot of many objects cheap: an object no call touched since the last
 * snapshot (or digest, or quota measure) is copied, not encoded again. Any call on it, and a
 * session expiry it hears, makes the cache stale. Encodings larger than {@link #CACHED_BYTES_MAX}
 * are not kept (the state would be held twice): such objects are few, and encoded again each time
 * as before.
 *
 * <p>Not thread-safe. Does no I/O.
 */
final class NamedObject implements StateMachine {
  /** Largest encoding kept between snapshots. */
  static final int CACHED_BYTES_MAX = 64 << 10;

  private final String name;
  private final String className;
  private final long createdSlot;
  private final StateMachine machine;
  private final StateQuota quota;
  private byte[] encoded;

  /** Length of the latest encoding of the state made or counted here (0: none yet). */
  private long lastBytes;

  /** From this size on, a state goes into a snapshot streamed ({@link #snapshotEntry}). */
  static final long STREAMED_BYTES_MIN = 1 << 20;

  NamedObject(
      String name, String className, long createdSlot, StateMachine machine, StateQuota quota) {
    this.name = name;
    this.className = className;
    this.createdSlot = createdSlot;
    this.machine = machine;
    this.quota = quota;
  }

  String name() {
    return name;
  }

  @Override
  public org.concoord.core.access.AccessRole access(String method) {
    return machine.access(method);
  }

  @Override
  public boolean mayPark(String method, int arity) {
    return machine.mayPark(method, arity);
  }

  String className() {
    return className;
  }

  long createdSlot() {
    return createdSlot;
  }

  StateQuota quota() {
    return quota;
  }

  /** The host, if this object is one (every named object is; the default object may not be). */
  ObjectHost host() {
    return machine instanceof ObjectHost host ? host : null;
  }

  /** Runs {@code call} under the state quota. */
  Execution call(CallContext context, Call call) {
    return quota.execute(this, context, call);
  }

  /**
   * Runs a read-only call (judged so at load): the state does not change, so the cached encoding
   * stays.
   */
  Execution read(CallContext context, Call call) {
    return machine.execute(context, call);
  }

  @Override
  public Execution execute(CallContext context, Call call) {
    encoded = null;
    return machine.execute(context, call);
  }

  /**
   * Runs a read-only {@code call} (a watch's evaluation) without counting it as a change: the
   * cached encoding stays. Only for a method the catalog or its marks say is read-only.
   */
  Execution evaluate(CallContext context, Call call) {
    return machine.execute(context, call);
  }

  /** Whether every overload of {@code method} is marked read-only (see also the catalog). */
  boolean isMarkedReadOnly(String method) {
    return machine.isReadOnly(method);
  }

  /** Whether a session's expiry may concern this object (else it need not be told). */
  boolean mayHearExpiry() {
    ObjectHost host = host();
    return host == null || host.mayHearExpiry();
  }

  @Override
  public List<Release> sessionExpired(long clientId) {
    encoded = null;
    return machine.sessionExpired(clientId);
  }

  @Override
  public byte[] snapshot() {
    byte[] bytes = encoded;
    if (bytes == null) {
      bytes = machine.snapshot();
      encoded = bytes.length <= CACHED_BYTES_MAX ? bytes : null;
      lastBytes = bytes.length;
    }
    return bytes;
  }

  /**
   * This object in the objects part of a snapshot: its cached or small encoding as bytes; a state
   * last seen at {@link #STREAMED_BYTES_MIN} or more counted, then written straight into the
   * objects part (two passes, as a large state's capture takes anyway, and one copy of it less).
   */
  ObjectSetCodec.Entry snapshotEntry() {
    if (encoded == null && lastBytes >= STREAMED_BYTES_MIN) {
      long bytes = machine.snapshotSize();
      lastBytes = bytes;
      return new ObjectSetCodec.Entry(
          name,
          className,
          createdSlot,
          quota.size(),
          null,
          new ObjectSetCodec.StreamedState(bytes, machine::writeSnapshot));
    }
    return new ObjectSetCodec.Entry(name, className, createdSlot, quota.size(), snapshot());
  }

  @Override
  public long snapshotSize() {
    byte[] bytes = encoded;
    if (bytes != null) {
      return bytes.length;
    }
    if (quota.bytes() <= CACHED_BYTES_MAX / 2) {
      return snapshot().length; // small: encode once, and the next snapshot copies it
    }
    lastBytes = machine.snapshotSize(); // large: count without keeping, as before
    return lastBytes;
  }

  @Override
  public void restore(byte[] snapshot) {
    machine.restore(snapshot);
    encoded = snapshot.length <= CACHED_BYTES_MAX ? snapshot : null;
    lastBytes = snapshot.length;
  }

  /** Whether the cached encoding is current (for tests and the snapshot's accounting). */
  boolean isCached() {
    return encoded != null;
  }

  @Override
  public String describe() {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return name.isEmpty() ? machine.describe() : simple + " '" + name + "'";
  }
}
