package org.concoord.simulator.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded history of a counter's {@code add(1)} and {@code get()} calls, kept in primitive
 * arrays: 29 bytes per operation, against several hundred for a {@link History} of {@link
 * Operation} records, so a process-level test can record the millions of calls of a 30-minute fault
 * schedule in a bounded heap. {@link CounterChecker} checks it in n log n; {@link #operations()}
 * gives the general form for {@link LinearizabilityChecker} when the history is small.
 *
 * <p>Recorded as it happens, like {@link History}: {@link #invoke}, then {@link #complete} or
 * {@link #indeterminate}; an operation still pending when the history is read counts as
 * indeterminate. Storage grows in fixed chunks (no copy of the whole on growth) up to a capacity
 * fixed at construction, so the recorder's memory is bounded by bytes.
 *
 * <p>Thread-safe (every method is synchronized). Reads no clock; the caller passes the times.
 */
public final class CounterHistory {
  /** Bytes one operation takes: flags, client, invocation, completion and output. */
  public static final int BYTES_PER_OPERATION = 1 + 4 + 8 + 8 + 8;

  private static final int CHUNK_BITS = 16;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final byte PENDING = 0;
  private static final byte COMPLETED = 1;
  private static final byte INDETERMINATE = 2;
  private static final byte STATE_BITS = 3;
  private static final byte ADD = 4;

  /** The input of every add: the checker knows no other delta. */
  private static final Input ADD_ONE = CounterModel.add(1L);

  private final int capacity;
  private final List<Chunk> chunks = new ArrayList<>();
  private int size;

  /** Up to 65,536 operations, one column per field. */
  private static final class Chunk {
    final byte[] flags = new byte[CHUNK];
    final int[] client = new int[CHUNK];
    final long[] invoke = new long[CHUNK];
    final long[] complete = new long[CHUNK];
    final long[] output = new long[CHUNK];
  }

  /**
   * An empty history.
   *
   * @param capacity the most operations it records; {@link #invoke} beyond it throws
   */
  public CounterHistory(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0: " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * A history of the given operations, numbered in list order (ids are this history's, not the
   * operations'), for checking a general history of {@code add(1)} and {@code get()} calls.
   *
   * @throws IllegalArgumentException on any other input, or an output that is not a long
   */
  public static CounterHistory of(List<Operation> operations) {
    CounterHistory history = new CounterHistory(Math.max(1, operations.size()));
    for (Operation operation : operations) {
      boolean add = isAddOne(operation.input());
      if (!add && !operation.input().equals(CounterModel.get())) {
        throw new IllegalArgumentException("not add(1) or get(): " + operation);
      }
      int id = history.invoke(operation.client(), add, operation.invokeTime());
      if (operation.isCompleted()) {
        if (!(operation.output() instanceof Long || operation.output() instanceof Integer)) {
          throw new IllegalArgumentException("output is not a long: " + operation);
        }
        history.complete(id, ((Number) operation.output()).longValue(), operation.completeTime());
      } else {
        history.indeterminate(id);
      }
    }
    return history;
  }

  private static boolean isAddOne(Input input) {
    return input.method().equals(CounterModel.ADD)
        && (input.argument() instanceof Long || input.argument() instanceof Integer)
        && ((Number) input.argument()).longValue() == 1;
  }

  /**
   * Records that {@code client} invoked {@code add(1)} (if {@code add}) or {@code get()} at {@code
   * time}, and returns the operation's id.
   *
   * @throws IllegalStateException if the history holds its capacity already
   */
  public synchronized int invoke(int client, boolean add, long time) {
    if (time == Operation.NEVER) {
      throw new IllegalArgumentException("invoke time must be a real time: " + time);
    }
    if (size == capacity) {
      throw new IllegalStateException("history full: " + capacity + " operations");
    }
    if ((size & (CHUNK - 1)) == 0) {
      chunks.add(new Chunk());
    }
    int id = size++;
    Chunk chunk = chunk(id);
    int at = id & (CHUNK - 1);
    chunk.flags[at] = (byte) (PENDING | (add ? ADD : 0));
    chunk.client[at] = client;
    chunk.invoke[at] = time;
    chunk.complete[at] = Operation.NEVER;
    return id;
  }

  /** Records that operation {@code id} answered {@code output} at {@code time}. */
  public synchronized void complete(int id, long output, long time) {
    Chunk chunk = pending(id);
    int at = id & (CHUNK - 1);
    if (time < chunk.invoke[at] || time == Operation.NEVER) {
      throw new IllegalArgumentException(
          "operation " + id + " completes at " + time + ", invoked at " + chunk.invoke[at]);
    }
    chunk.complete[at] = time;
    chunk.output[at] = output;
    chunk.flags[at] = (byte) ((chunk.flags[at] & ADD) | COMPLETED);
  }

  /** Records that the client gave up on operation {@code id} without learning its outcome. */
  public synchronized void indeterminate(int id) {
    Chunk chunk = pending(id);
    int at = id & (CHUNK - 1);
    chunk.flags[at] = (byte) ((chunk.flags[at] & ADD) | INDETERMINATE);
  }

  private Chunk pending(int id) {
    if (id < 0 || id >= size) {
      throw new IllegalArgumentException("no operation " + id);
    }
    Chunk chunk = chunk(id);
    if ((chunk.flags[id & (CHUNK - 1)] & STATE_BITS) != PENDING) {
      throw new IllegalStateException("outcome of " + operation(id) + " recorded twice");
    }
    return chunk;
  }

  private Chunk chunk(int id) {
    return chunks.get(id >>> CHUNK_BITS);
  }

  public synchronized int size() {
    return size;
  }

  /** Whether operation {@code id} is an add (else a get). */
  public synchronized boolean isAdd(int id) {
    return (chunk(id).flags[id & (CHUNK - 1)] & ADD) != 0;
  }

  /** Whether operation {@code id} answered (else it is pending or indeterminate). */
  public synchronized boolean isCompleted(int id) {
    return (chunk(id).flags[id & (CHUNK - 1)] & STATE_BITS) == COMPLETED;
  }

  public synchronized long invokeTime(int id) {
    return chunk(id).invoke[id & (CHUNK - 1)];
  }

  /** The completion time, {@link Operation#NEVER} for an operation that did not answer. */
  public synchronized long completeTime(int id) {
    return chunk(id).complete[id & (CHUNK - 1)];
  }

  /** The output of an answered operation; 0 for one that did not answer. */
  public synchronized long output(int id) {
    return chunk(id).output[id & (CHUNK - 1)];
  }

  /** Operation {@code id} in the general form, for explanations and the general checker. */
  public synchronized Operation operation(int id) {
    int client = chunk(id).client[id & (CHUNK - 1)];
    Input input = isAdd(id) ? ADD_ONE : CounterModel.get();
    return isCompleted(id)
        ? Operation.completed(id, client, input, invokeTime(id), completeTime(id), output(id))
        : Operation.indeterminate(id, client, input, invokeTime(id));
  }

  /** Every operation in the general form; for small histories (a few hundred bytes each). */
  public synchronized List<Operation> operations() {
    List<Operation> all = new ArrayList<>(size);
    for (int id = 0; id < size; id++) {
      all.add(operation(id));
    }
    return all;
  }

  /** How many operations answered. */
  public synchronized int completedCount() {
    int count = 0;
    for (int id = 0; id < size; id++) {
      count += isCompleted(id) ? 1 : 0;
    }
    return count;
  }

  /** The completion times of the answered operations, ascending: for measuring availability. */
  public synchronized long[] completionTimes() {
    long[] times = new long[completedCount()];
    int next = 0;
    for (int id = 0; id < size; id++) {
      if (isCompleted(id)) {
        times[next++] = completeTime(id);
      }
    }
    Arrays.sort(times);
    return times;
  }

  @Override
  public synchronized String toString() {
    return "CounterHistory[" + size + " operations]";
  }
}
