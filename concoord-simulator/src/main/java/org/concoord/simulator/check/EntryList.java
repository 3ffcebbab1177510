package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The history as Porcupine's doubly linked list of call and return events, sorted by time, from
 * which the search lifts an operation (its call and its return) when it linearizes it and puts it
 * back, in reverse order, when it backtracks (Knuth's dancing links: undo is O(1)).
 *
 * <p>An indeterminate operation has a call entry and no return entry: nothing forces it to take
 * effect by any time, so it may be linearized anywhere after its call, or never.
 *
 * <p>Ties: at equal times calls sort before returns, so an operation that completed at t and one
 * invoked at t are concurrent. That can only accept more histories, never reject a linearizable
 * one. Not thread-safe.
 */
final class EntryList {
  /** One event: an operation's call, or its return. */
  static final class Entry {
    /** Position of the operation in the checked list: its bit in the linearized set. */
    final int index;

    final Operation operation;
    final boolean isCall;

    /** For a call, its return entry; null for a return and for an indeterminate call. */
    Entry match;

    Entry prev;
    Entry next;

    private Entry(int index, Operation operation, boolean isCall) {
      this.index = index;
      this.operation = operation;
      this.isCall = isCall;
    }

    long time() {
      return isCall ? operation.invokeTime() : operation.completeTime();
    }
  }

  /** Sorts by time, calls before returns at equal times, then by position for determinism. */
  private static final Comparator<Entry> BY_TIME =
      Comparator.comparingLong(Entry::time)
          .thenComparing(entry -> !entry.isCall)
          .thenComparingInt(entry -> entry.index);

  /** A sentinel before the first event; never lifted. */
  private final Entry head = new Entry(-1, null, false);

  /** The earliest return still in the list, found lazily; stale once anything is (un)lifted. */
  private Entry firstReturn;

  private boolean firstReturnKnown;

  /** The call entry of each operation, by its position in the checked list. */
  private final Entry[] calls;

  EntryList(List<Operation> operations) {
    calls = new Entry[operations.size()];
    List<Entry> entries = new ArrayList<>(2 * operations.size());
    for (int index = 0; index < operations.size(); index++) {
      Operation operation = operations.get(index);
      Entry call = new Entry(index, operation, true);
      calls[index] = call;
      entries.add(call);
      if (operation.isCompleted()) {
        call.match = new Entry(index, operation, false);
        entries.add(call.match);
      }
    }
    entries.sort(BY_TIME);
    Entry previous = head;
    for (Entry entry : entries) {
      previous.next = entry;
      entry.prev = previous;
      previous = entry;
    }
  }

  /** The call entry of the operation at {@code index} of the checked list. */
  Entry call(int index) {
    return calls[index];
  }

  /** The earliest event still in the list, or null if every event was lifted. */
  Entry first() {
    return head.next;
  }

  /**
   * Whether an operation not yet linearized could be linearized now: its call comes before every
   * remaining return, so every operation that completed before it was invoked is linearized.
   */
  boolean isCandidate(Entry call) {
    if (!firstReturnKnown) {
      firstReturn = first();
      while (firstReturn != null && firstReturn.isCall) {
        firstReturn = firstReturn.next;
      }
      firstReturnKnown = true;
    }
    return firstReturn == null || BY_TIME.compare(call, firstReturn) < 0;
  }

  /** Removes a call and its return (if any): the operation is now linearized. */
  void lift(Entry call) {
    firstReturnKnown = false;
    unlink(call);
    if (call.match != null) {
      unlink(call.match);
    }
  }

  /** Undoes the last {@link #lift}: must be called in reverse order of lifting. */
  void unlift(Entry call) {
    firstReturnKnown = false;
    if (call.match != null) {
      relink(call.match);
    }
    relink(call);
  }

  private static void unlink(Entry entry) {
    entry.prev.next = entry.next;
    if (entry.next != null) {
      entry.next.prev = entry.prev;
    }
  }

  /** Valid because the neighbours it remembers were restored first (LIFO undo). */
  private static void relink(Entry entry) {
    entry.prev.next = entry;
    if (entry.next != null) {
      entry.next.prev = entry;
    }
  }
}
