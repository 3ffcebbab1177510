package org.concoord.core.effects;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.concoord.core.message.ReadConfirm;

/**
 * Persist before send, written once for every driver of a role: the runtime's node, the simulator,
 * the core's test cluster and the benchmark's core cluster (issue 15). A step's writes go to the
 * {@link Disk} first; each send, reply or push of the step then leaves at once if every write
 * appended so far is durable, or waits here, in order, until the disk says it is. A send never
 * overtakes a write queued ahead of it, in its own step or an earlier one.
 *
 * <p>One exception: a {@link ReadConfirm} leaves at once. It reports the promise as it stands in
 * memory, never below the durable one, and vouches for no accept (docs/protocol.md, "ReadConfirm
 * and the group commit").
 *
 * <p>Not thread-safe: the driver's thread alone. {@code R} is the route an effect goes back on (the
 * runtime's connection a request came on); drivers without one use {@code Void}.
 */
public final class Outbox<R> {
  /** Where the writes go, and which are durable, by sequence number. */
  public interface Disk {
    /** Queues {@code write}; returns its sequence number (1, 2, ...). */
    long append(DurableWrite write);

    /** Every write with a sequence number up to this one is durable. */
    long syncedSeq();

    /**
     * A disk on which every write is durable once handed to {@code sink}: a driver without
     * durability (the benchmark's core cluster), or one that checks durability elsewhere.
     */
    static Disk instant(Consumer<DurableWrite> sink) {
      return new Disk() {
        private long appended;

        @Override
        public long append(DurableWrite write) {
          sink.accept(write);
          return ++appended;
        }

        @Override
        public long syncedSeq() {
          return appended;
        }
      };
    }
  }

  /** Carries out a send, reply or push, back on {@code route}. */
  @FunctionalInterface
  public interface Wire<R> {
    void emit(Effects.Effect effect, R route);
  }

  /**
   * Most effects held. Past it (a disk that has stopped answering) new ones are dropped, as the
   * network may drop them: the protocol resends, and nothing leaves before its writes.
   */
  public static final int HELD_MAX = 1 << 20;

  private record Held<R>(long writeSeq, Effects.Effect effect, R route) {}

  private final Disk disk;
  private final Wire<R> wire;
  private final int heldMax;
  private final ArrayDeque<Held<R>> held = new ArrayDeque<>();

  /** The sequence number of the last write appended. */
  private long writeSeq;

  private long dropped;

  public Outbox(Disk disk, Wire<R> wire) {
    this(disk, wire, HELD_MAX);
  }

  /** With room for {@code heldMax} held effects (tests). */
  public Outbox(Disk disk, Wire<R> wire, int heldMax) {
    this.disk = disk;
    this.wire = wire;
    this.heldMax = heldMax;
  }

  /** Applies a step's {@code effects} (emitted on {@code route}) and clears the buffer. */
  public void apply(Effects effects, R route) {
    if (effects.needsSync()) {
      for (Effects.Effect effect : effects.list()) {
        if (effect instanceof Effects.Persist persist) {
          writeSeq = disk.append(persist.write());
        }
      }
    }
    long synced = disk.syncedSeq();
    for (Effects.Effect effect : effects.list()) {
      if (effect instanceof Effects.Persist) {
        continue;
      }
      if (effect instanceof Effects.Send send && send.message() instanceof ReadConfirm) {
        wire.emit(effect, route);
      } else if (!held.isEmpty() || writeSeq > synced) {
        hold(effect, route);
      } else {
        wire.emit(effect, route);
      }
    }
    effects.clear();
  }

  private void hold(Effects.Effect effect, R route) {
    if (held.size() >= heldMax) {
      dropped++;
      return;
    }
    held.addLast(new Held<>(writeSeq, effect, route));
  }

  /** Emits, in order, every held effect whose writes are now durable. Returns how many. */
  public int release() {
    long synced = disk.syncedSeq();
    int released = 0;
    while (!held.isEmpty() && held.peekFirst().writeSeq() <= synced) {
      Held<R> next = held.pollFirst();
      wire.emit(next.effect(), next.route());
      released++;
    }
    return released;
  }

  /** Effects waiting for their writes. */
  public int held() {
    return held.size();
  }

  /** Effects dropped because the most that may be held were held. */
  public long dropped() {
    return dropped;
  }
}
